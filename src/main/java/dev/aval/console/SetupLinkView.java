package dev.aval.console;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A console user with its one-time setup link (shown only in this answer).")
public record SetupLinkView(
        UUID id,
        String email,
        String name,
        ConsoleRole role,
        ConsoleUserStatus status,

        @Schema(description = "Absolute; valid once, until setupExpiresAt.")
        String setupUrl,

        Instant setupExpiresAt) {}
