package dev.aval.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.aval.platform.ProblemException;

/** The domain records guard their own rules: the hold rule, capture, payment, credit notes, expiry. */
class CreditAccountRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private static LockedAccount account(String limit, String tolerance, String outstanding) {
        return new LockedAccount(
                java.util.UUID.randomUUID(),
                "d",
                "12345678909",
                "a@b.com",
                AccountStatus.OPEN,
                new BigDecimal(limit),
                Money.tolerance(new BigDecimal(tolerance)),
                new BigDecimal(outstanding),
                1,
                dev.aval.customer.CustomerStatus.APV,
                java.util.List.of(),
                true,
                3,
                NOW);
    }

    @ParameterizedTest(name = "limit {0} tol {1} outstanding {2} reserved {3}: hold {4} → {5}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1000.00 | 0.1  | 0.00   | 0.00    | 1100.00 | granted",
                "1000.00 | 0.1  | 0.00   | 0.00    | 1100.01 | refused",
                "1000.00 | 0.1  | 600.00 | 400.00  | 100.00  | granted",
                "1000.00 | 0.1  | 600.00 | 400.01  | 100.00  | refused",
                "1000.00 | 0    | 0.00   | 0.00    | 1000.00 | granted",
                "0.00    | 0.5  | 0.00   | 0.00    | 0.01    | refused",
                "500.00  | 0    | 700.00 | 0.00    | 0.01    | refused"
            })
    void aHoldIsGrantedOnlyWithinTheLimitWithTolerance(
            String limit, String tolerance, String outstanding, String reserved, String amount, String expected) {
        LockedAccount a = account(limit, tolerance, outstanding);
        if (expected.equals("granted")) {
            a.requireCreditFor(new BigDecimal(amount), new BigDecimal(reserved));
        } else {
            ProblemException e = assertThrows(
                    ProblemException.class, () -> a.requireCreditFor(new BigDecimal(amount), new BigDecimal(reserved)));
            assertEquals("CREDIT_INSUFFICIENT", e.code());
            assertEquals(422, e.status());
        }
    }

    private static Hold hold(String amount, String captured, Instant expiresAt) {
        return new Hold(
                null,
                null,
                "o",
                new BigDecimal(amount),
                captured == null ? null : new BigDecimal(captured),
                HoldStatus.ACTIVE,
                expiresAt,
                NOW.minusSeconds(60));
    }

    @Test
    void aHoldIsExpiredFromItsExpiresAtInstant() {
        Hold h = hold("10.00", null, NOW);
        assertEquals(HoldStatus.ACTIVE, h.statusAt(NOW.minusNanos(1000)));
        assertEquals(HoldStatus.EXPIRED, h.statusAt(NOW));
        ProblemException e = assertThrows(ProblemException.class, () -> h.requireActive(NOW));
        assertEquals("HOLD_NOT_ACTIVE", e.code());
        // partly captured: what was captured stands
        assertEquals(HoldStatus.CAPTURED, hold("10.00", "4.00", NOW).statusAt(NOW));
    }

    @Test
    void aCaptureTakesAtMostWhatIsStillReserved() {
        Hold h = hold("10.00", "4.00", NOW.plusSeconds(60));
        assertEquals(new BigDecimal("6.00"), h.uncaptured());
        assertEquals(new BigDecimal("6.00"), h.toCapture(null));
        assertEquals(new BigDecimal("2.50"), h.toCapture(new BigDecimal("2.50")));
        assertEquals(
                "CAPTURE_EXCEEDS_HOLD",
                assertThrows(ProblemException.class, () -> h.toCapture(new BigDecimal("6.01")))
                        .code());
        assertEquals(
                "HOLD_BELOW_CAPTURED",
                assertThrows(ProblemException.class, () -> h.requireAtLeastCaptured(new BigDecimal("3.99")))
                        .code());
        h.requireAtLeastCaptured(new BigDecimal("4.00"));
        assertEquals(HoldStatus.CAPTURED, h.released());
        assertEquals(
                HoldStatus.RELEASED, hold("10.00", null, NOW.plusSeconds(60)).released());
    }

    private static Invoice invoice(String amount, java.time.LocalDate due) {
        return new Invoice(
                java.util.UUID.randomUUID(),
                "d",
                java.util.UUID.randomUUID(),
                java.util.UUID.randomUUID(),
                "order",
                1,
                1,
                new BigDecimal(amount),
                Money.ZERO,
                Money.ZERO,
                InvoiceStatus.OPEN,
                due,
                NOW,
                NOW,
                null);
    }

    @Test
    void paymentsNeverExceedTheInvoice() {
        Invoice i = invoice("10.00", java.time.LocalDate.of(2026, 12, 1));
        Invoice part = i.pay(new BigDecimal("4.00"), NOW);
        assertEquals(new BigDecimal("4.00"), part.paidAmount());
        assertEquals(InvoiceStatus.OPEN, part.status());
        assertEquals(
                "PAYMENT_EXCEEDS_INVOICE",
                assertThrows(ProblemException.class, () -> part.pay(new BigDecimal("6.01"), NOW))
                        .code());
        Invoice rest = part.pay(null, NOW);
        assertEquals(new BigDecimal("10.00"), rest.paidAmount());
        assertEquals(InvoiceStatus.PAID, rest.status());
        assertEquals(NOW, rest.paidAt());
        assertEquals(
                "INVOICE_NOT_OPEN",
                assertThrows(ProblemException.class, () -> rest.pay(null, NOW)).code());
    }

    /** What is owed is amount − paid − credited; a credit note takes at most that, and nothing owed is PAID. */
    @ParameterizedTest(name = "10.00, paid {0}, credited {1}, credit {2} → {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0.00 | 0.00 | 3.00  | OPEN",
                "4.00 | 0.00 | 6.00  | PAID",
                "4.00 | 5.00 | 1.00  | PAID",
                "4.00 | 5.00 | 1.01  | CREDIT_NOTE_EXCEEDS_INVOICE",
                "0.00 | 0.00 | 10.01 | CREDIT_NOTE_EXCEEDS_INVOICE"
            })
    void creditNotesTakeAtMostWhatIsOwed(String paid, String credited, String credit, String outcome) {
        Invoice fresh = invoice("10.00", java.time.LocalDate.of(2026, 12, 1));
        Invoice before = new Invoice(
                fresh.id(),
                fresh.distributorId(),
                fresh.accountId(),
                fresh.holdId(),
                fresh.orderId(),
                1,
                1,
                fresh.amount(),
                new BigDecimal(paid),
                new BigDecimal(credited),
                InvoiceStatus.OPEN,
                fresh.dueDate(),
                NOW,
                NOW,
                null);
        if (outcome.startsWith("CREDIT")) {
            assertEquals(
                    outcome,
                    assertThrows(ProblemException.class, () -> before.credit(new BigDecimal(credit), NOW))
                            .code());
            return;
        }
        Invoice after = before.credit(new BigDecimal(credit), NOW);
        assertEquals(InvoiceStatus.valueOf(outcome), after.status());
        assertEquals(new BigDecimal(credited).add(new BigDecimal(credit)), after.creditedAmount());
        assertEquals(before.owed().subtract(new BigDecimal(credit)), after.owed());
    }

    @Test
    void postponingOnlyMovesAnOpenInvoicesDueDateLater() {
        java.time.LocalDate due = java.time.LocalDate.of(2026, 12, 1);
        Invoice i = invoice("10.00", due);
        assertEquals(
                "DUE_DATE_NOT_LATER",
                assertThrows(ProblemException.class, () -> i.postpone(due, NOW)).code());
        assertEquals(
                "DUE_DATE_NOT_LATER",
                assertThrows(ProblemException.class, () -> i.postpone(due.minusDays(1), NOW))
                        .code());
        assertEquals(due.plusDays(1), i.postpone(due.plusDays(1), NOW).dueDate());
        assertTrue(i.overdue(due.plusDays(2), 0));
        assertFalse(i.postpone(due.plusDays(30), NOW).overdue(due.plusDays(2), 0));
        Invoice cancelled = i.cancel(NOW);
        assertEquals(
                "INVOICE_NOT_OPEN",
                assertThrows(ProblemException.class, () -> cancelled.postpone(due.plusDays(1), NOW))
                        .code());
    }

    @ParameterizedTest(name = "due {0}, grace {1}, today {2} → overdue {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2026-11-10 | 3 | 2026-11-13 | false",
                "2026-11-10 | 3 | 2026-11-14 | true",
                "2026-11-10 | 0 | 2026-11-10 | false",
                "2026-11-10 | 0 | 2026-11-11 | true"
            })
    void overdueIsDueDatePlusGraceBeforeToday(String due, int grace, String today, boolean overdue) {
        Invoice i = invoice("10.00", java.time.LocalDate.parse(due));
        assertEquals(overdue, i.overdue(java.time.LocalDate.parse(today), grace));
    }
}
