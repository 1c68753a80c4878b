package dev.aval.console;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A console user (never its password).")
public record ConsoleUserView(
        UUID id,
        String distributorId,
        String email,
        String name,
        ConsoleRole role,
        ConsoleUserStatus status,
        Instant createdAt,
        Instant lastLoginAt) {

    static ConsoleUserView of(ConsoleUser u) {
        return new ConsoleUserView(
                u.id, u.distributorId, u.email, u.name, u.role, u.status, u.createdAt, u.lastLoginAt);
    }

    /** What the statement, history and imports record as the author of a console action. */
    public String actor() {
        return "user:" + id;
    }
}
