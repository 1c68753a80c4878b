package dev.aval.events;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

@Schema(name = "Webhook", description = "A webhook endpoint. The secret is shown only when registered or rotated.")
public record WebhookView(
        String id,
        String url,

        @Schema(description = "The event types sent; null: every type")
        List<String> types,

        String description,
        @Schema(enumeration = {"ENABLED", "DISABLED"}) String status,

        @Schema(description = "whsec_…: verifies the webhook-signature header; shown only here")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        String secret,

        Instant createdAt) {

    WebhookView withSecret(String secret) {
        return new WebhookView(id, url, types, description, status, secret, createdAt);
    }
}
