package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.aval.platform.Ids;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * One append-only line of an account's statement (ledger). {@code amount} is the signed change
 * the movement makes to one balance, so summing amounts by type replays the account:
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
@Entity
@Table(name = "credit_statement_entry")
public class StatementEntry extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID accountId;
    @Enumerated(EnumType.STRING)
    public EntryType type;
    @Column(precision = 19, scale = 2)
    public BigDecimal amount;
    @Column(precision = 19, scale = 2)
    public BigDecimal outstandingAfter;
    @Column(precision = 19, scale = 2)
    public BigDecimal reservedAfter;
    public String reference;
    public String reason;
    public String actor;
    public Instant occurredAt;

    static StatementEntry of(UUID accountId, EntryType type, BigDecimal amount, BigDecimal outstandingAfter,
            BigDecimal reservedAfter, String reference, String reason, String actor, Instant occurredAt) {
        StatementEntry e = new StatementEntry();
        e.id = Ids.newId();
        e.accountId = accountId;
        e.type = type;
        e.amount = Money.of(amount);
        e.outstandingAfter = Money.of(outstandingAfter);
        e.reservedAfter = Money.of(reservedAfter);
        e.reference = reference;
        e.reason = reason;
        e.actor = actor;
        e.occurredAt = occurredAt;
        return e;
    }
}
