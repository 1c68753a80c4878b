package dev.aval.eligibility;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.aval.customer.CustomerStatus;

/** domain.md §5, one row per line of its table, plus the credit checks in order. */
class EligibilityPolicyTest {

    private static final List<PaymentMethod> ALL = Arrays.asList(PaymentMethod.values());

    @ParameterizedTest(name = "{0}, PEN purchases {1} → prepaid {2}, faturado {3}, prices {4}, message {5}")
    @CsvSource(
            nullValues = "null",
            value = {
                "RPV,  true,  CUSTOMER_REJECTED,          CUSTOMER_REJECTED,     false, REJECTED",
                "RPV,  false, CUSTOMER_REJECTED,          CUSTOMER_REJECTED,     false, REJECTED",
                "PEN,  true,  null,                       CUSTOMER_NOT_APPROVED, true,  null",
                "PEN,  false, PENDING_PURCHASES_DISABLED, CUSTOMER_NOT_APPROVED, true,  UNDER_REVIEW",
                "APV,  true,  null,                       NO_CREDIT_ACCOUNT,     true,  null",
                "APV,  false, null,                       NO_CREDIT_ACCOUNT,     true,  null",
                // never integrated: treated as PEN
                "null, true,  null,                       CUSTOMER_NOT_APPROVED, true,  null",
                "null, false, PENDING_PURCHASES_DISABLED, CUSTOMER_NOT_APPROVED, true,  UNDER_REVIEW",
            })
    void statusTable(
            CustomerStatus status,
            boolean pendingCanPurchase,
            Reason prepaid,
            Reason faturado,
            boolean canViewPrices,
            Decision.Message message) {
        Decision d = EligibilityPolicy.decide(
                new Snapshot(status, pendingCanPurchase, true, null), "a@b.com", new BigDecimal("10.00"), ALL);
        assertEquals(status == null ? CustomerStatus.PEN : status, d.status());
        assertEquals(status != null, d.registered());
        for (Decision.MethodDecision m : d.methods()) {
            assertEquals(
                    m.method().prepaid() ? prepaid : faturado,
                    m.reason(),
                    m.method().name());
        }
        assertEquals(canViewPrices, d.canViewPrices());
        assertEquals(prepaid == null || faturado == null, d.canPurchase());
        assertEquals(message, d.message());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "null",
            value = {
                // case,                      open,  email sent,        overdue, block, cart,    reason
                "all checks pass,             true,  buyer@acme.com,    false,   true,  1100.00, null",
                "tolerance in use,            true,  buyer@acme.com,    false,   true,  1050.00, null",
                "closed account,              false, buyer@acme.com,    false,   true,  1.00,    CREDIT_ACCOUNT_CLOSED",
                "no email,                    true,  null,              false,   true,  1.00,    CREDIT_EMAIL_REQUIRED",
                "blank email,                 true,  '  ',              false,   true,  1.00,    CREDIT_EMAIL_REQUIRED",
                "other email,                 true,  other@acme.com,    false,   true,  1.00,    CREDIT_EMAIL_MISMATCH",
                "holder email any case,       true,  HOLDER@Acme.com,   false,   true,  1.00,    null",
                "owner email any case,        true,  Buyer@ACME.com,    false,   true,  1.00,    null",
                "overdue blocks,              true,  buyer@acme.com,    true,    true,  1.00,    CREDIT_OVERDUE",
                "overdue allowed by setting,  true,  buyer@acme.com,    true,    false, 1.00,    null",
                "one cent too much,           true,  buyer@acme.com,    false,   true,  1100.01, CREDIT_INSUFFICIENT",
                "mismatch wins over overdue,  true,  x@y.com,           true,    true,  9999.00, CREDIT_EMAIL_MISMATCH",
                "overdue wins over amount,    true,  buyer@acme.com,    true,    true,  9999.00, CREDIT_OVERDUE",
            })
    void creditChecksInOrder(
            String name, boolean open, String email, boolean overdue, boolean block, BigDecimal cart, Reason expected) {
        Snapshot.Credit credit = new Snapshot.Credit(
                UUID.randomUUID(),
                open,
                "buyer@acme.com",
                List.of("holder@acme.com"),
                new BigDecimal("1000.00"),
                new BigDecimal("0.1000"),
                new BigDecimal("0.00"),
                new BigDecimal("0.00"),
                overdue);
        Decision d = EligibilityPolicy.decide(
                new Snapshot(CustomerStatus.APV, true, block, credit),
                email,
                cart,
                List.of(PaymentMethod.BOLETO_FATURADO));
        assertEquals(expected, d.methods().get(0).reason());
        assertEquals(expected == null, d.canPurchase());
    }

    @ParameterizedTest(name = "limit {0} tol {1} out {2} res {3} → {4} / {5}")
    @CsvSource({
        "1000.00, 0.1000, 0.00,    0.00,   1000.00, 1100.00",
        "1000.00, 0.3000, 800.00,  250.00, -50.00,  250.00",
        "999.99,  0.3333, 0.00,    0.00,   999.99,  1333.28", // ceiling truncated to cents
        "0.00,    1.0000, 0.00,    0.00,   0.00,    0.00",
    })
    void creditFigures(
            BigDecimal limit,
            BigDecimal tolerance,
            BigDecimal outstanding,
            BigDecimal reserved,
            BigDecimal available,
            BigDecimal withTolerance) {
        Snapshot.Credit c = new Snapshot.Credit(
                UUID.randomUUID(), true, "a@b.c", List.of(), limit, tolerance, outstanding, reserved, false);
        assertEquals(available, c.availableCredit());
        assertEquals(withTolerance, c.availableCreditWithTolerance());
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "null",
            value = {
                "null,                          PT",
                "en,                            EN",
                "'en-US,en;q=0.9,pt;q=0.8',     EN",
                "'pt-BR,en;q=0.5',              PT",
                "'fr-FR,en;q=0.5',              EN",
                "fr,                            PT",
                "'not a ; valid header;;q=x',   PT",
            })
    void englishOnlyWhenPreferred(String header, Messages.Language expected) {
        assertEquals(expected, Messages.language(header));
    }
}
