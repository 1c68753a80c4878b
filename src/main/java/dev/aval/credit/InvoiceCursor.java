package dev.aval.credit;

import java.time.LocalDate;
import java.util.UUID;

import dev.aval.platform.Bounds;
import dev.aval.platform.Cursor;
import dev.aval.platform.ProblemException;

/**
 * The distributor-wide invoice list's cursor: (dueDate, id), its order. An invoice inserted or
 * postponed behind the cursor never shifts the pages after it.
 */
record InvoiceCursor(LocalDate dueDate, UUID id) {

    static String of(Invoice i) {
        return i.dueDate() + "|" + i.id();
    }

    static InvoiceCursor decode(String cursor) {
        String position = Cursor.decode(cursor);
        if (position == null) {
            return null;
        }
        try {
            int bar = position.indexOf('|');
            InvoiceCursor decoded = new InvoiceCursor(
                    LocalDate.parse(position.substring(0, bar)), UUID.fromString(position.substring(bar + 1)));
            if (!Bounds.inRange(decoded.dueDate())) {
                throw new IllegalArgumentException("a due date no invoice has");
            }
            return decoded;
        } catch (RuntimeException e) {
            throw ProblemException.validation("cursor", "is not a cursor returned by this list");
        }
    }
}
