package dev.aval.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.ProblemException;

/** The entities guard their own rules: the hold rule, capture, payment, expiry. */
class CreditAccountRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private static CreditAccount account(String limit, String tolerance, String outstanding) {
        CreditAccount a = CreditAccount.open("d", Document.parse(DocumentType.CPF, "12345678909"), "a@b.com",
                new BigDecimal(limit), new BigDecimal(tolerance), NOW);
        a.outstanding = new BigDecimal(outstanding);
        return a;
    }

    @ParameterizedTest(name = "limit {0} tol {1} outstanding {2} reserved {3}: hold {4} → {5}")
    @CsvSource(delimiter = '|', value = {
            "1000.00 | 0.1  | 0.00   | 0.00    | 1100.00 | granted",
            "1000.00 | 0.1  | 0.00   | 0.00    | 1100.01 | refused",
            "1000.00 | 0.1  | 600.00 | 400.00  | 100.00  | granted",
            "1000.00 | 0.1  | 600.00 | 400.01  | 100.00  | refused",
            "1000.00 | 0    | 0.00   | 0.00    | 1000.00 | granted",
            "0.00    | 0.5  | 0.00   | 0.00    | 0.01    | refused",
            "500.00  | 0    | 700.00 | 0.00    | 0.01    | refused"
    })
    void aHoldIsGrantedOnlyWithinTheLimitWithTolerance(String limit, String tolerance, String outstanding,
            String reserved, String amount, String expected) {
        CreditAccount a = account(limit, tolerance, outstanding);
        if (expected.equals("granted")) {
            a.requireCreditFor(new BigDecimal(amount), new BigDecimal(reserved));
        } else {
            ProblemException e = assertThrows(ProblemException.class,
                    () -> a.requireCreditFor(new BigDecimal(amount), new BigDecimal(reserved)));
            assertEquals("CREDIT_INSUFFICIENT", e.code());
            assertEquals(422, e.status());
        }
    }

    private static Hold hold(String amount, String captured, Instant expiresAt) {
        return new Hold(null, null, "o", new BigDecimal(amount), captured == null ? null : new BigDecimal(captured),
                HoldStatus.ACTIVE, expiresAt, NOW.minusSeconds(60));
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
        assertEquals("CAPTURE_EXCEEDS_HOLD",
                assertThrows(ProblemException.class, () -> h.toCapture(new BigDecimal("6.01"))).code());
        assertEquals("HOLD_BELOW_CAPTURED",
                assertThrows(ProblemException.class, () -> h.requireAtLeastCaptured(new BigDecimal("3.99"))).code());
        h.requireAtLeastCaptured(new BigDecimal("4.00"));
        assertEquals(HoldStatus.CAPTURED, h.released());
        assertEquals(HoldStatus.RELEASED, hold("10.00", null, NOW.plusSeconds(60)).released());
    }

    private static Invoice invoice(String amount, java.time.LocalDate due) {
        Invoice i = new Invoice();
        i.amount = new BigDecimal(amount);
        i.paidAmount = Money.ZERO;
        i.status = InvoiceStatus.OPEN;
        i.dueDate = due;
        return i;
    }

    @Test
    void paymentsNeverExceedTheInvoice() {
        Invoice i = invoice("10.00", java.time.LocalDate.of(2026, 12, 1));
        assertEquals(new BigDecimal("4.00"), i.pay(new BigDecimal("4.00"), NOW));
        assertEquals("PAYMENT_EXCEEDS_INVOICE",
                assertThrows(ProblemException.class, () -> i.pay(new BigDecimal("6.01"), NOW)).code());
        assertEquals(new BigDecimal("6.00"), i.pay(null, NOW));
        assertEquals(InvoiceStatus.PAID, i.status);
    }

    @ParameterizedTest(name = "due {0}, grace {1}, today {2} → overdue {3}")
    @CsvSource(delimiter = '|', value = {
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
