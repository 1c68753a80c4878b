package dev.aval.credit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The kinds of statement entries, the append-only lines of an account's statement (ledger).
 * {@code amount} is the signed change the movement makes to one balance, so summing amounts by
 * type replays the account:
 * <ul>
 * <li>{@code OPENED}: the initial creditLimit (the change from 0.00); reference {@code import:<id>} when imported.</li>
 * <li>{@code LIMIT_CHANGED}: new creditLimit − old creditLimit (negative when lowered).</li>
 * <li>{@code TOLERANCE_CHANGED}: 0.00; reference {@code tolerance:<old>-><new>}.</li>
 * <li>{@code HOLD_PLACED}: + the hold's amount on reserved.</li>
 * <li>{@code HOLD_ADJUSTED}: new amount − old amount on reserved (0.00 when only expiresAt moved).</li>
 * <li>{@code HOLD_RELEASED}: − the released amount on reserved (also the uncaptured rest of a final capture).</li>
 * <li>{@code HOLD_EXPIRED}: − the hold's uncaptured rest on reserved; {@code occurredAt} = the hold's expiresAt.</li>
 * <li>{@code HOLD_CAPTURED}: + the captured amount on outstanding (and the same amount leaves reserved).</li>
 * <li>{@code INVOICE_PAID}: − the paid amount on outstanding.</li>
 * <li>{@code INVOICE_CREDITED}: − the credit note's amount on outstanding.</li>
 * <li>{@code INVOICE_POSTPONED}: 0.00; reference {@code invoice:<id> due <old>-><new>}.</li>
 * <li>{@code INVOICE_CANCELLED}: − the invoice's unpaid rest on outstanding.</li>
 * <li>{@code CLOSED}: 0.00.</li>
 * </ul>
 * Hence creditLimit = Σ OPENED + LIMIT_CHANGED; outstanding = Σ HOLD_CAPTURED + INVOICE_PAID +
 * INVOICE_CREDITED + INVOICE_CANCELLED; reserved = Σ HOLD_PLACED + HOLD_ADJUSTED + HOLD_RELEASED + HOLD_EXPIRED
 * − Σ HOLD_CAPTURED.
 * {@code outstandingAfter}/{@code reservedAfter} are the balances right after the movement.
 */
@Schema(description = "The movement a statement entry records.")
public enum EntryType {
    OPENED,
    LIMIT_CHANGED,
    TOLERANCE_CHANGED,
    HOLD_PLACED,
    HOLD_ADJUSTED,
    HOLD_RELEASED,
    HOLD_EXPIRED,
    HOLD_CAPTURED,
    INVOICE_PAID,
    INVOICE_CREDITED,
    INVOICE_POSTPONED,
    INVOICE_CANCELLED,
    CLOSED
}
