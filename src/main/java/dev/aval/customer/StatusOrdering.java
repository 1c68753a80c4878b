package dev.aval.customer;

import java.time.Instant;

/**
 * The ordering rule of status updates: a late retry can never undo a newer decision.
 * Strictly older than the stored {@code occurredAt} → STALE; same status → UNCHANGED;
 * otherwise (newer, or equal with another status) → APPLIED.
 */
final class StatusOrdering {

    private StatusOrdering() {
    }

    static Outcome decide(CustomerStatus current, Instant currentOccurredAt, CustomerStatus next, Instant nextOccurredAt) {
        if (nextOccurredAt.isBefore(currentOccurredAt)) {
            return Outcome.STALE;
        }
        return current == next ? Outcome.UNCHANGED : Outcome.APPLIED;
    }
}
