package dev.aval.console;

import java.time.Instant;
import java.util.UUID;

/**
 * What the encrypted session cookie carries as its principal: the user and when it signed in
 * ({@code <userId>.<epochMillis>}), so the absolute timeout and "sessions before this instant no
 * longer count" are checked on every request without a session table.
 */
record SessionPrincipal(UUID userId, Instant signedInAt) {

    String encode() {
        return userId + "." + signedInAt.toEpochMilli();
    }

    /** Null when it is not one of ours. */
    static SessionPrincipal parse(String value) {
        if (value == null) {
            return null;
        }
        int dot = value.indexOf('.');
        if (dot < 0) {
            return null;
        }
        try {
            return new SessionPrincipal(
                    UUID.fromString(value.substring(0, dot)),
                    Instant.ofEpochMilli(Long.parseLong(value.substring(dot + 1))));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
