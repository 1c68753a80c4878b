package dev.aval.eligibility;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.aval.customer.CustomerStatus;

/** domain.md §5's credit checks for BOLETO_FATURADO, table-driven: the first failing reason wins. */
class CreditPolicyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // case                          | account | open  | email            | overdue | block | limit   | tol
                // | outst.  | reserved | cart    | reason
                "no account                      | false   | -     | a@b.com          | false   | true  | -       | -    | -       | -        | 10.00   | NO_CREDIT_ACCOUNT",
                "closed account                  | true    | false | a@b.com          | false   | true  | 1000.00 | 0    | 0.00    | 0.00     | 10.00   | CREDIT_ACCOUNT_CLOSED",
                "closed beats missing email      | true    | false | -                | true    | true  | 1000.00 | 0    | 0.00    | 0.00     | 10.00   | CREDIT_ACCOUNT_CLOSED",
                "no email                        | true    | true  | -                | false   | true  | 1000.00 | 0    | 0.00    | 0.00     | 10.00   | CREDIT_EMAIL_REQUIRED",
                "blank email                     | true    | true  | ' '              | false   | true  | 1000.00 | 0    | 0.00    | 0.00     | 10.00   | CREDIT_EMAIL_REQUIRED",
                "wrong email                     | true    | true  | x@y.com          | false   | true  | 1000.00 | 0    | 0.00    | 0.00     | 10.00   | CREDIT_EMAIL_MISMATCH",
                "mismatch beats overdue          | true    | true  | x@y.com          | true    | true  | 1000.00 | 0    | 0.00    | 0.00     | 10.00   | CREDIT_EMAIL_MISMATCH",
                "holder email, any case          | true    | true  | HOLDER@b.com     | false   | true  | 1000.00 | 0    | 0.00    | 0.00     | 10.00   | -",
                "account email, any case         | true    | true  | A@B.COM          | false   | true  | 1000.00 | 0    | 0.00    | 0.00     | 10.00   | -",
                "overdue and blocking            | true    | true  | a@b.com          | true    | true  | 1000.00 | 0    | 0.00    | 0.00     | 10.00   | CREDIT_OVERDUE",
                "overdue beats insufficient      | true    | true  | a@b.com          | true    | true  | 1000.00 | 0    | 0.00    | 0.00     | 5000.00 | CREDIT_OVERDUE",
                "overdue but not blocking        | true    | true  | a@b.com          | true    | false | 1000.00 | 0    | 0.00    | 0.00     | 10.00   | -",
                "exactly the tolerance ceiling   | true    | true  | a@b.com          | false   | true  | 1000.00 | 0.1  | 300.00  | 200.00   | 600.00  | -",
                "one cent over the ceiling       | true    | true  | a@b.com          | false   | true  | 1000.00 | 0.1  | 300.00  | 200.00   | 600.01  | CREDIT_INSUFFICIENT",
                "zero limit, zero cart           | true    | true  | a@b.com          | false   | true  | 0.00    | 0    | 0.00    | 0.00     | 0.00    | -"
            })
    void creditChecksInOrder(
            String name,
            boolean hasAccount,
            Boolean open,
            String email,
            boolean overdue,
            boolean block,
            String limit,
            String tolerance,
            String outstanding,
            String reserved,
            String cart,
            Reason expected) {
        Snapshot.Credit credit = hasAccount
                ? new Snapshot.Credit(
                        UUID.randomUUID(),
                        open,
                        "a@b.com",
                        List.of("holder@b.com"),
                        new BigDecimal(limit),
                        new BigDecimal(tolerance),
                        new BigDecimal(outstanding),
                        new BigDecimal(reserved),
                        overdue)
                : null;
        Snapshot snapshot = new Snapshot(CustomerStatus.APV, true, block, credit);
        assertEquals(expected, EligibilityPolicy.creditChecks(snapshot, email, new BigDecimal(cart)));
    }
}
