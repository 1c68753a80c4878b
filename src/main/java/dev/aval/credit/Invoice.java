package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import dev.aval.platform.ProblemException;

/**
 * An invoice as {@link InvoiceRepository} reads it, with its rules (domain.md §4): what is owed is
 * {@code amount − paidAmount − creditedAmount}; payments and credit notes lower it, at most to
 * zero, and an invoice nothing is owed on is PAID; cancelling drops the unpaid rest; postponing
 * moves the due date later. Each rule returns the invoice as it becomes, for the repository to store.
 */
record Invoice(
        UUID id,
        String distributorId,
        UUID accountId,
        UUID holdId,
        String orderId,
        int installment,
        int installments,
        BigDecimal amount,
        BigDecimal paidAmount,
        BigDecimal creditedAmount,
        InvoiceStatus status,
        LocalDate dueDate,
        Instant createdAt,
        Instant updatedAt,
        Instant paidAt) {

    /** What is still owed (0.00 once PAID or CANCELLED's unpaid rest left outstanding). */
    BigDecimal owed() {
        return owed(amount, paidAmount, creditedAmount);
    }

    /** What is owed on an invoice of these figures: the rule's one home, for the views too. */
    static BigDecimal owed(BigDecimal amount, BigDecimal paidAmount, BigDecimal creditedAmount) {
        return amount.subtract(paidAmount).subtract(creditedAmount);
    }

    /** An OPEN invoice is overdue when dueDate + grace days is before today. */
    boolean overdue(LocalDate today, int graceDays) {
        return status == InvoiceStatus.OPEN && dueDate.isBefore(overdueBefore(today, graceDays));
    }

    /** dueDate + grace before today ⇔ dueDate before today − grace: an OPEN invoice due before this is overdue. */
    static LocalDate overdueBefore(LocalDate today, int graceDays) {
        return today.minusDays(graceDays);
    }

    /** Pays all that is owed ({@code requested} null) or part of it: 422 PAYMENT_EXCEEDS_INVOICE beyond it. */
    Invoice pay(BigDecimal requested, Instant now) {
        requireOpen();
        BigDecimal paid = requested == null ? owed() : Money.of(requested);
        if (paid.compareTo(owed()) > 0) {
            throw ProblemException.unprocessable(
                    "PAYMENT_EXCEEDS_INVOICE",
                    "payment exceeds the invoice: paid " + Money.format(paid) + ", still owed " + Money.format(owed()));
        }
        return settled(paidAmount.add(paid), creditedAmount, now);
    }

    /** Credits part or all of what is owed: 422 CREDIT_NOTE_EXCEEDS_INVOICE beyond it. */
    Invoice credit(BigDecimal credited, Instant now) {
        requireOpen();
        BigDecimal value = Money.of(credited);
        if (value.compareTo(owed()) > 0) {
            throw ProblemException.unprocessable(
                    "CREDIT_NOTE_EXCEEDS_INVOICE",
                    "credit note exceeds the invoice: credited " + Money.format(value) + ", still owed "
                            + Money.format(owed()));
        }
        return settled(paidAmount, creditedAmount.add(value), now);
    }

    /** CANCELLED: what was paid stays paid, the unpaid rest ({@link #owed} before) is no longer owed. */
    Invoice cancel(Instant now) {
        requireOpen();
        return new Invoice(
                id,
                distributorId,
                accountId,
                holdId,
                orderId,
                installment,
                installments,
                amount,
                paidAmount,
                creditedAmount,
                InvoiceStatus.CANCELLED,
                dueDate,
                createdAt,
                now,
                paidAt);
    }

    /** Moves the due date later: 422 DUE_DATE_NOT_LATER unless {@code newDueDate} is after the current one. */
    Invoice postpone(LocalDate newDueDate, Instant now) {
        requireOpen();
        if (!newDueDate.isAfter(dueDate)) {
            throw ProblemException.unprocessable(
                    "DUE_DATE_NOT_LATER",
                    "the new due date " + newDueDate + " is not later than the current one, " + dueDate);
        }
        return new Invoice(
                id,
                distributorId,
                accountId,
                holdId,
                orderId,
                installment,
                installments,
                amount,
                paidAmount,
                creditedAmount,
                status,
                newDueDate,
                createdAt,
                now,
                paidAt);
    }

    InvoiceView view(LocalDate today, int graceDays) {
        return new InvoiceView(
                id,
                accountId,
                holdId,
                orderId,
                installment,
                installments,
                Money.of(amount),
                Money.of(paidAmount),
                Money.of(creditedAmount),
                status,
                dueDate,
                overdue(today, graceDays),
                createdAt,
                paidAt);
    }

    private Invoice settled(BigDecimal paid, BigDecimal credited, Instant now) {
        boolean nothingOwed = amount.subtract(paid).subtract(credited).signum() == 0;
        return new Invoice(
                id,
                distributorId,
                accountId,
                holdId,
                orderId,
                installment,
                installments,
                amount,
                paid,
                credited,
                nothingOwed ? InvoiceStatus.PAID : status,
                dueDate,
                createdAt,
                now,
                nothingOwed ? now : paidAt);
    }

    private void requireOpen() {
        if (status != InvoiceStatus.OPEN) {
            throw ProblemException.conflict("INVOICE_NOT_OPEN", "invoice " + id + " is " + status);
        }
    }
}
