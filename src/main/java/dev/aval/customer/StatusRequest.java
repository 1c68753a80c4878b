package dev.aval.customer;

import java.time.Instant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.DocumentType;

@Schema(description = "A status decision of the distributor.")
public record StatusRequest(
        @NotNull CustomerStatus status,

        @Schema(description = "Why (free text, up to 500 characters).") @Size(max = 500)
        String reason,

        @Schema(
                description =
                        "When the distributor decided it; default: time of receipt. At most 5 minutes in the future,"
                                + " not before 2000-01-01T00:00:00Z.")
        Instant occurredAt,

        @Schema(description = "Inferred from the length when omitted.")
        DocumentType documentType) {}
