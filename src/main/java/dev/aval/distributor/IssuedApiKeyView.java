package dev.aval.distributor;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Role;

@Schema(name = "IssuedApiKey", description = "A newly issued key. `key` is shown only in this answer: store it now.")
public record IssuedApiKeyView(
        UUID id,
        String name,
        Role role,

        @Schema(description = "The secret to send as 'Authorization: Bearer <key>'.")
        String key,

        Instant createdAt) {}
