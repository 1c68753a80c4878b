package dev.aval.credit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The kinds of statement entries; the sign of each one's amount is documented on {@link StatementEntry}. */
@Schema(description = "The movement a statement entry records.")
public enum EntryType {
    OPENED, LIMIT_CHANGED, TOLERANCE_CHANGED, HOLD_PLACED, HOLD_ADJUSTED, HOLD_RELEASED, HOLD_EXPIRED, HOLD_CAPTURED,
    INVOICE_PAID, INVOICE_CREDITED, INVOICE_POSTPONED, INVOICE_CANCELLED, CLOSED
}
