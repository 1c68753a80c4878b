package dev.aval.credit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What one credit account should be, written from domain.md §4 and api.md alone (none of the
 * service's code): its holds, invoices and statement, the balances they make, and the answer each
 * operation should get. {@link CreditOperationsPropertyTest} runs random operations against the
 * service and this model side by side. Statuses here are those "as of now": the test lets the
 * sweeper store every expiry before going on, so a stored status is the current one.
 */
final class CreditModel {

    static final BigDecimal ZERO = new BigDecimal("0.00");
    static final BigDecimal CENT = new BigDecimal("0.01");

    final int graceDays;
    BigDecimal creditLimit;
    BigDecimal tolerance;
    final List<Hold> holds = new ArrayList<>();
    final List<Invoice> invoices = new ArrayList<>();
    /** The statement as it should read, oldest first. */
    final List<Entry> entries = new ArrayList<>();

    CreditModel(BigDecimal creditLimit, BigDecimal tolerance, int graceDays) {
        this.creditLimit = money(creditLimit);
        this.tolerance = tolerance.setScale(4, RoundingMode.UNNECESSARY);
        this.graceDays = graceDays;
        entries.add(new Entry("OPENED", this.creditLimit, null));
    }

    static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    static final class Hold {
        final String id;
        final String orderId;
        BigDecimal amount;
        BigDecimal captured = ZERO;
        String status = "ACTIVE";
        Instant expiresAt;

        Hold(String id, String orderId, BigDecimal amount, Instant expiresAt) {
            this.id = id;
            this.orderId = orderId;
            this.amount = amount;
            this.expiresAt = expiresAt;
        }

        BigDecimal uncaptured() {
            return amount.subtract(captured);
        }

        /** What an ACTIVE hold becomes when released or expired: what was captured stands. */
        String ended(String otherwise) {
            return captured.signum() > 0 ? "CAPTURED" : otherwise;
        }

        @Override
        public String toString() {
            return "hold " + orderId + " " + status + " " + amount + " (captured " + captured + ")";
        }
    }

    static final class Invoice {
        final String id;
        final int installment;
        final int installments;
        final BigDecimal amount;
        BigDecimal paid = ZERO;
        BigDecimal credited = ZERO;
        String status = "OPEN";
        LocalDate dueDate;

        Invoice(String id, int installment, int installments, BigDecimal amount, LocalDate dueDate) {
            this.id = id;
            this.installment = installment;
            this.installments = installments;
            this.amount = amount;
            this.dueDate = dueDate;
        }

        BigDecimal owed() {
            return amount.subtract(paid).subtract(credited);
        }

        boolean overdue(LocalDate today, int graceDays) {
            return status.equals("OPEN") && dueDate.plusDays(graceDays).isBefore(today);
        }

        /** PAID once payments and credit notes leave nothing owed. */
        void settle() {
            if (owed().signum() == 0) {
                status = "PAID";
            }
        }

        @Override
        public String toString() {
            return "invoice " + installment + "/" + installments + " " + status + " " + amount + " (paid " + paid
                    + ", credited " + credited + ", due " + dueDate + ")";
        }
    }

    /**
     * A statement entry as the model expects it: its type, its amount and how its reference starts
     * ({@code hold:<id>}, {@code invoice:<id>}; null where the model does not say).
     */
    record Entry(String type, BigDecimal amount, String reference) {}

    /** {@code creditLimit × (1 + tolerance)}, to the cent, never rounded up. */
    BigDecimal ceiling() {
        return creditLimit.multiply(BigDecimal.ONE.add(tolerance)).setScale(2, RoundingMode.DOWN);
    }

    /** The uncaptured rest of the ACTIVE holds. */
    BigDecimal reserved() {
        BigDecimal sum = ZERO;
        for (Hold h : holds) {
            if (h.status.equals("ACTIVE")) {
                sum = sum.add(h.uncaptured());
            }
        }
        return sum;
    }

    /** What the OPEN invoices still owe. */
    BigDecimal outstanding() {
        BigDecimal sum = ZERO;
        for (Invoice i : invoices) {
            if (i.status.equals("OPEN")) {
                sum = sum.add(i.owed());
            }
        }
        return sum;
    }

    BigDecimal available() {
        return creditLimit.subtract(outstanding()).subtract(reserved());
    }

    BigDecimal availableWithTolerance() {
        return ceiling().subtract(outstanding()).subtract(reserved());
    }

    boolean overdue(LocalDate today) {
        return invoices.stream().anyMatch(i -> i.overdue(today, graceDays));
    }

    /** An order is held while one of its holds is ACTIVE or CAPTURED. */
    boolean orderHeld(String orderId) {
        return holds.stream()
                .anyMatch(h -> h.orderId.equals(orderId) && (h.status.equals("ACTIVE") || h.status.equals("CAPTURED")));
    }

    /** The refusal a new hold gets, in api.md's order, or null when it is granted. */
    String placeRefusal(String orderId, BigDecimal amount, boolean emailMatches, LocalDate today) {
        if (orderHeld(orderId)) {
            return "ORDER_ALREADY_HELD";
        }
        if (!emailMatches) {
            return "CREDIT_EMAIL_MISMATCH";
        }
        if (overdue(today)) {
            return "CREDIT_OVERDUE";
        }
        if (amount.compareTo(availableWithTolerance()) > 0) {
            return "CREDIT_INSUFFICIENT";
        }
        return null;
    }

    void place(String id, String orderId, BigDecimal amount, Instant expiresAt) {
        holds.add(new Hold(id, orderId, amount, expiresAt));
        entries.add(new Entry("HOLD_PLACED", amount, "hold:" + id));
    }

    /** The refusal an adjustment gets, or null: not ACTIVE, below captured, then an increase checked like a hold. */
    String adjustRefusal(Hold h, BigDecimal amount, LocalDate today) {
        if (!h.status.equals("ACTIVE")) {
            return "HOLD_NOT_ACTIVE";
        }
        if (amount.compareTo(h.captured) < 0) {
            return "HOLD_BELOW_CAPTURED";
        }
        BigDecimal increase = amount.subtract(h.amount);
        if (increase.signum() > 0) {
            if (overdue(today)) {
                return "CREDIT_OVERDUE";
            }
            if (increase.compareTo(availableWithTolerance()) > 0) {
                return "CREDIT_INSUFFICIENT";
            }
        }
        return null;
    }

    /** An accepted adjustment; an entry only when something changed (0.00 when only expiresAt moved). */
    void adjust(Hold h, BigDecimal amount, Instant expiresAt) {
        boolean moved = !expiresAt.equals(h.expiresAt);
        BigDecimal change = amount.subtract(h.amount);
        if (change.signum() == 0 && !moved) {
            return;
        }
        h.amount = amount;
        h.expiresAt = expiresAt;
        entries.add(new Entry("HOLD_ADJUSTED", change, "hold:" + h.id));
    }

    /**
     * The refusal a capture gets, or null: not ACTIVE (409), more than the hold still reserves (422),
     * less than a cent per installment (400 naming amount) — except a final capture of a hold with
     * nothing left, which ends it with no invoice.
     */
    String captureRefusal(Hold h, BigDecimal captured, int installments, boolean isFinal) {
        if (!h.status.equals("ACTIVE")) {
            return "HOLD_NOT_ACTIVE";
        }
        if (captured.compareTo(h.uncaptured()) > 0) {
            return "CAPTURE_EXCEEDS_HOLD";
        }
        if (captured.signum() == 0 && isFinal) {
            return null;
        }
        if (captured.divide(BigDecimal.valueOf(installments), 2, RoundingMode.DOWN)
                        .compareTo(CENT)
                < 0) {
            return "VALIDATION_FAILED";
        }
        return null;
    }

    /** The installments of a captured amount: to the cent, the remainder on the last one. */
    static List<BigDecimal> split(BigDecimal captured, int installments) {
        BigDecimal each = captured.divide(BigDecimal.valueOf(installments), 2, RoundingMode.DOWN);
        List<BigDecimal> parts = new ArrayList<>();
        for (int i = 1; i < installments; i++) {
            parts.add(each);
        }
        parts.add(captured.subtract(each.multiply(BigDecimal.valueOf(installments - 1))));
        return parts;
    }

    /**
     * An accepted capture: its invoices, HOLD_CAPTURED (none for nothing captured), and a final one's
     * uncaptured rest released.
     */
    void capture(Hold h, BigDecimal captured, boolean isFinal, List<Invoice> created) {
        BigDecimal rest = h.uncaptured().subtract(captured);
        h.captured = h.captured.add(captured);
        invoices.addAll(created);
        if (captured.signum() > 0) {
            entries.add(new Entry("HOLD_CAPTURED", captured, "hold:" + h.id));
        }
        if (isFinal) {
            h.status = "CAPTURED";
            if (rest.signum() > 0) {
                entries.add(new Entry("HOLD_RELEASED", rest.negate(), "hold:" + h.id));
            }
        }
    }

    /** The refusal a release gets (a CAPTURED hold), or null; RELEASED and EXPIRED holds answer as they are. */
    String releaseRefusal(Hold h) {
        return h.status.equals("CAPTURED") ? "HOLD_NOT_ACTIVE" : null;
    }

    void release(Hold h) {
        if (!h.status.equals("ACTIVE")) {
            return;
        }
        entries.add(new Entry("HOLD_RELEASED", h.uncaptured().negate(), "hold:" + h.id));
        h.status = h.ended("RELEASED");
    }

    /** The ACTIVE holds that have expired at {@code now}, in the order of their expiresAt. */
    List<Hold> expiring(Instant now) {
        return holds.stream()
                .filter(h -> h.status.equals("ACTIVE") && !h.expiresAt.isAfter(now))
                .sorted((x, y) -> x.expiresAt.compareTo(y.expiresAt))
                .toList();
    }

    /** An expiry as the sweeper stores it: HOLD_EXPIRED of the uncaptured rest. */
    void expire(Hold h) {
        entries.add(new Entry("HOLD_EXPIRED", h.uncaptured().negate(), "hold:" + h.id));
        h.status = h.ended("EXPIRED");
    }

    /** The refusal of a payment or a credit note: not OPEN (409), more than is owed (422 with {@code exceeds}). */
    static String lowerRefusal(Invoice i, BigDecimal amount, String exceeds) {
        if (!i.status.equals("OPEN")) {
            return "INVOICE_NOT_OPEN";
        }
        if (amount.compareTo(i.owed()) > 0) {
            return exceeds;
        }
        return null;
    }

    void pay(Invoice i, BigDecimal amount) {
        i.paid = i.paid.add(amount);
        i.settle();
        entries.add(new Entry("INVOICE_PAID", amount.negate(), "invoice:" + i.id));
    }

    void credit(Invoice i, BigDecimal amount) {
        i.credited = i.credited.add(amount);
        i.settle();
        entries.add(new Entry("INVOICE_CREDITED", amount.negate(), "invoice:" + i.id + " credit-note:"));
    }

    static String postponeRefusal(Invoice i, LocalDate dueDate) {
        if (!i.status.equals("OPEN")) {
            return "INVOICE_NOT_OPEN";
        }
        if (!dueDate.isAfter(i.dueDate)) {
            return "DUE_DATE_NOT_LATER";
        }
        return null;
    }

    void postpone(Invoice i, LocalDate dueDate) {
        i.dueDate = dueDate;
        entries.add(new Entry("INVOICE_POSTPONED", ZERO, "invoice:" + i.id + " due "));
    }

    static String cancelRefusal(Invoice i) {
        return i.status.equals("OPEN") ? null : "INVOICE_NOT_OPEN";
    }

    void cancel(Invoice i) {
        entries.add(new Entry("INVOICE_CANCELLED", i.owed().negate(), "invoice:" + i.id));
        i.status = "CANCELLED";
    }

    /** A PATCH of the limit and/or the tolerance: one entry per value that changed. */
    void change(BigDecimal limit, BigDecimal newTolerance) {
        if (limit != null && limit.compareTo(creditLimit) != 0) {
            entries.add(new Entry("LIMIT_CHANGED", limit.subtract(creditLimit), null));
            creditLimit = limit;
        }
        if (newTolerance != null && newTolerance.compareTo(tolerance) != 0) {
            entries.add(new Entry("TOLERANCE_CHANGED", ZERO, "tolerance:"));
            tolerance = newTolerance.setScale(4, RoundingMode.UNNECESSARY);
        }
    }
}
