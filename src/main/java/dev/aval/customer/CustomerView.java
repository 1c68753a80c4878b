package dev.aval.customer;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.DocumentType;

@Schema(name = "Customer", description = "A customer of the distributor and its current status.")
public record CustomerView(
        @Schema(description = "Normalised document.", example = "12345678909")
        String document,

        DocumentType documentType,
        CustomerStatus status,
        String statusReason,

        @Schema(description = "When the distributor decided the current status (the latest update's occurredAt).")
        Instant statusOccurredAt,

        @Schema(description = "Always true for a stored customer.")
        boolean registered,

        Instant createdAt,
        Instant updatedAt) {}
