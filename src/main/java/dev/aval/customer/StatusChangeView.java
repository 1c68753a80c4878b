package dev.aval.customer;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "StatusChange", description = "One applied status change (append-only history).")
public record StatusChangeView(
        @Schema(nullable = true, description = "Null when the change created the customer.")
        CustomerStatus from,

        CustomerStatus to,
        String reason,
        Instant occurredAt,
        Instant recordedAt,

        @Schema(description = "Id of the API key that sent it ('admin' for the admin key).")
        String actor) {}
