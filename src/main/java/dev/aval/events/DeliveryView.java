package dev.aval.events;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "WebhookDelivery", description = "One event sent to one endpoint, with its attempts so far.")
public record DeliveryView(
        String id,
        String eventId,
        String type,
        int attempts,

        @Schema(
                enumeration = {"PENDING", "SUCCEEDED", "FAILED"},
                description =
                        "PENDING while it is being sent or retried; FAILED after 24 h of failures (retriable by hand)")
        String status,

        @Schema(description = "The HTTP status of the last attempt; null when it got none")
        Integer lastResponseStatus,

        @Schema(description = "Why the last attempt failed (status, timeout, connection, refused address)")
        String lastError,

        @Schema(description = "When it is tried next; null unless PENDING")
        Instant nextAttemptAt,

        Instant createdAt,
        Instant updatedAt) {}
