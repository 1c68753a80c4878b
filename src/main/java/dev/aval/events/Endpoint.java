package dev.aval.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A webhook endpoint as stored. */
record Endpoint(
        UUID id,
        String distributorId,
        String url,
        List<String> types,
        String description,
        String status,
        String secret,
        Instant failingSince,
        Instant createdAt) {

    static final String ENABLED = "ENABLED";
    static final String DISABLED = "DISABLED";

    WebhookView view() {
        return new WebhookView(id.toString(), url, types, description, status, null, createdAt);
    }
}
