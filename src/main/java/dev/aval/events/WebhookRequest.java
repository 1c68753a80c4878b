package dev.aval.events;

import java.util.List;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "WebhookRequest", description = "A webhook endpoint to register.")
public record WebhookRequest(
        @Schema(
                description = "https URL that receives the events (POST, JSON, signed)",
                example = "https://erp.example.com/aval/events")
        String url,

        @Schema(
                description = "Event types to send; omitted or null: every type",
                nullable = true,
                example = "[\"customer.status_changed\"]")
        List<String> types,

        @Size(max = 500) String description) {}
