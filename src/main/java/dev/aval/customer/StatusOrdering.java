package dev.aval.customer;

import java.time.Instant;

/**
 * The ordering rule of status updates: a late retry can never undo a newer decision.
 * Strictly older than the stored {@code occurredAt} → STALE; same status → UNCHANGED;
 * otherwise (newer, or equal with another status) → APPLIED. With no decision stored yet (a
 * customer created by registration) nothing is stale.
 */
final class StatusOrdering {

    private StatusOrdering() {}

    /** {@code currentOccurredAt} is null when no decision is stored yet. */
    static Outcome decide(
            CustomerStatus current, Instant currentOccurredAt, CustomerStatus next, Instant nextOccurredAt) {
        if (currentOccurredAt != null && nextOccurredAt.isBefore(currentOccurredAt)) {
            return Outcome.STALE;
        }
        return current == next ? Outcome.UNCHANGED : Outcome.APPLIED;
    }
}
