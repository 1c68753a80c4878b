package dev.aval.customer;

import java.time.Instant;
import java.util.UUID;

import dev.aval.platform.Ids;

/** One applied status change, as stored (append-only history). */
record StatusChange(
        UUID id,
        UUID customerId,
        CustomerStatus fromStatus,
        CustomerStatus toStatus,
        String reason,
        Instant occurredAt,
        Instant recordedAt,
        String actor) {

    static StatusChange of(Customer after, CustomerStatus from, String reason, Instant recordedAt) {
        return new StatusChange(
                Ids.newId(), after.id(), from, after.status(), reason, after.statusOccurredAt(), recordedAt, null);
    }

    StatusChangeView view() {
        return new StatusChangeView(fromStatus, toStatus, reason, occurredAt, recordedAt, actor);
    }
}
