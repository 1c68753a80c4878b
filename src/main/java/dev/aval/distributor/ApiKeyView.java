package dev.aval.distributor;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Role;

@Schema(name = "ApiKey", description = "An API key as listed: never the key itself, only its first characters.")
public record ApiKeyView(
        UUID id,
        String name,
        Role role,

        @Schema(description = "The key's first characters, to recognise it.")
        String prefix,

        Instant createdAt,
        Instant revokedAt) {

    static ApiKeyView of(ApiKey k) {
        return new ApiKeyView(k.id, k.name, k.role, k.keyPrefix, k.createdAt, k.revokedAt);
    }
}
