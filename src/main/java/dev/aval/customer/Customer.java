package dev.aval.customer;

import java.time.Instant;
import java.util.UUID;

import dev.aval.platform.DocumentType;

/**
 * A customer of one distributor, identified by its normalised document, as stored.
 *
 * @param statusDecided false while the status is the PEN of registration: no decision yet, so none is stale against it
 */
record Customer(
        UUID id,
        String document,
        DocumentType documentType,
        CustomerStatus status,
        String statusReason,
        Instant statusOccurredAt,
        boolean statusDecided,
        Instant createdAt,
        Instant updatedAt) {

    /** An update's outcome and the customer after it ({@code this} when nothing is to be written). */
    record Change(Outcome outcome, Customer after) {

        /** Whether the row must be written (an applied change, or a newer occurredAt that keeps later olds stale). */
        boolean writes(Customer before) {
            return after != before;
        }
    }

    /**
     * Applies a status update under the ordering rule. UNCHANGED still advances
     * {@code statusOccurredAt}, so a later-arriving older change stays stale.
     */
    Change changeStatus(CustomerStatus next, String reason, Instant occurredAt, Instant now) {
        Outcome outcome = StatusOrdering.decide(status, statusDecided ? statusOccurredAt : null, next, occurredAt);
        return switch (outcome) {
            case APPLIED ->
                new Change(
                        outcome,
                        new Customer(id, document, documentType, next, reason, occurredAt, true, createdAt, now));
            case UNCHANGED ->
                !statusDecided || occurredAt.isAfter(statusOccurredAt)
                        ? new Change(
                                outcome,
                                new Customer(
                                        id,
                                        document,
                                        documentType,
                                        status,
                                        statusReason,
                                        occurredAt,
                                        true,
                                        createdAt,
                                        now))
                        : new Change(outcome, this);
            default -> new Change(outcome, this);
        };
    }

    CustomerView view() {
        return new CustomerView(
                document, documentType, status, statusReason, statusOccurredAt, true, createdAt, updatedAt);
    }
}
