package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.aval.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One installment of a captured hold: what the customer owes, due on a calendar date (São Paulo). */
@Entity
@Table(name = "credit_invoice")
public class Invoice extends PanacheEntityBase {

    @Id
    public UUID id;
    /** The account's, copied for the distributor-wide list's index; a foreign key keeps them equal. */
    public String distributorId;
    public UUID accountId;
    public UUID holdId;
    public String orderId;
    public int installment;
    public int installments;
    @Column(precision = 19, scale = 2)
    public BigDecimal amount;
    @Column(precision = 19, scale = 2)
    public BigDecimal paidAmount;
    @Enumerated(EnumType.STRING)
    public InvoiceStatus status;
    public LocalDate dueDate;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant paidAt;

    BigDecimal rest() {
        return amount.subtract(paidAmount);
    }

    /** An OPEN invoice is overdue when dueDate + grace days is before today. */
    boolean overdue(LocalDate today, int graceDays) {
        return status == InvoiceStatus.OPEN && dueDate.isBefore(overdueBefore(today, graceDays));
    }

    /** dueDate + grace before today ⇔ dueDate before today − grace: an OPEN invoice due before this is overdue. */
    static LocalDate overdueBefore(LocalDate today, int graceDays) {
        return today.minusDays(graceDays);
    }

    /**
     * {@link #overdue} (or its negation) as an HQL condition on the invoice's attributes, prefixed by
     * {@code alias} ({@code "i."}, or {@code ""} where the invoice is the only entity), with the
     * parameters {@code :open} ({@link InvoiceStatus#OPEN}) and {@code :overdueBefore} ({@link #overdueBefore}).
     */
    static String overdueCondition(String alias, boolean overdue) {
        return overdue ? alias + "status = :open and " + alias + "dueDate < :overdueBefore"
                : "(" + alias + "status <> :open or " + alias + "dueDate >= :overdueBefore)";
    }

    /** Pays all (null) or part of the rest; returns the amount paid. */
    BigDecimal pay(BigDecimal requested, Instant now) {
        requireOpen();
        BigDecimal paid = requested == null ? rest() : Money.of(requested);
        if (paid.compareTo(rest()) > 0) {
            throw ProblemException.unprocessable("PAYMENT_EXCEEDS_INVOICE", "payment exceeds the invoice: paid "
                    + Money.format(paid) + ", still owed " + Money.format(rest()));
        }
        paidAmount = paidAmount.add(paid);
        if (rest().signum() == 0) {
            status = InvoiceStatus.PAID;
            paidAt = now;
        }
        updatedAt = now;
        return paid;
    }

    /** Cancels the invoice; returns the unpaid rest that leaves outstanding. */
    BigDecimal cancel(Instant now) {
        requireOpen();
        BigDecimal rest = rest();
        status = InvoiceStatus.CANCELLED;
        updatedAt = now;
        return rest;
    }

    private void requireOpen() {
        if (status != InvoiceStatus.OPEN) {
            throw ProblemException.conflict("INVOICE_NOT_OPEN", "invoice " + id + " is " + status);
        }
    }
}
