package dev.aval.credit;

import java.time.Instant;
import java.util.UUID;

import dev.aval.platform.Bounds;
import dev.aval.platform.Cursor;
import dev.aval.platform.ProblemException;

/** The statement's cursor: (occurredAt, id), because an expiry is filed at its past expiresAt. */
record StatementCursor(Instant occurredAt, UUID id) {

    static String of(StatementView.Entry e) {
        return e.occurredAt() + "|" + e.id();
    }

    static StatementCursor decode(String cursor) {
        String position = Cursor.decode(cursor);
        if (position == null) {
            return null;
        }
        try {
            int bar = position.indexOf('|');
            Instant occurredAt = Instant.parse(position.substring(0, bar));
            if (!Bounds.inRange(occurredAt)) {
                throw new IllegalArgumentException("an instant no entry has");
            }
            return new StatementCursor(occurredAt, UUID.fromString(position.substring(bar + 1)));
        } catch (RuntimeException e) {
            throw ProblemException.validation("cursor", "is not a cursor returned by this list");
        }
    }
}
