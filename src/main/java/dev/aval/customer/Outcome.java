package dev.aval.customer;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        description = "APPLIED: the status changed (or the customer was created); UNCHANGED: same status; "
                + "STALE: older than the stored occurredAt, not applied; REJECTED: (batch only) the item was invalid.")
public enum Outcome {
    APPLIED,
    UNCHANGED,
    STALE,
    REJECTED
}
