package dev.aval.credit;

import static dev.aval.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The hold enforces what eligibility reports (issue 11 item 1): row by row of domain.md §5's credit
 * checks, the same situation is asked to eligibility (BOLETO_FATURADO) and then held; every refusal
 * of eligibility is a refusal of the hold, with the hold's own code (api.md). The one check a hold
 * does not repeat is CREDIT_EMAIL_REQUIRED: a hold without an email is not refused for it.
 */
@AvalTest
class HoldRulesTest {

    @Inject
    Pool pool;

    @Test
    void aSettingsChangeCommittedElsewhereAppliesToTheNextHoldAtOnce() {
        Fixture f = Fixture.create(Map.of("blockCreditWhenOverdue", false));
        String document = Api.newCpf();
        f.status(document, "APV");
        String accountId = f.open(document, "1000.00", "0.1000");
        String overdue = f.placeHold(accountId, "1.00");
        f.capture(accountId, overdue, Map.of("firstDueInDays", -10)); // overdue, not blocked
        f.placeHold(accountId, "10.00"); // this instance now holds the settings it read

        // as another instance's PUT would: the row changes, nothing is evicted here
        pool.preparedQuery("update distributor set block_credit_when_overdue = true where id = $1")
                .execute(Tuple.of(f.distributorId))
                .await()
                .atMost(dev.aval.support.Waits.TIMEOUT);
        Response held = f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("amount", "10.00", "orderId", "order-" + UUID.randomUUID()))
                .post(f.account(accountId) + "/holds");
        assertEquals(422, held.statusCode(), held.asString());
        held.then().body("code", equalTo("CREDIT_OVERDUE"));
    }

    @ParameterizedTest(name = "{0}: eligibility {5}, hold {6} {7}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                // case                        | customer | account | email                 | amount  | eligibility
                //      | hold | code
                "rejected customer             | RPV      | OPEN    | owner                 | 10.00   | CUSTOMER_REJECTED     | 422  | CUSTOMER_NOT_APPROVED",
                "pending customer              | PEN      | OPEN    | owner                 | 10.00   | CUSTOMER_NOT_APPROVED | 422  | CUSTOMER_NOT_APPROVED",
                "document never integrated     | -        | OPEN    | owner                 | 10.00   | CUSTOMER_NOT_APPROVED | 422  | CUSTOMER_NOT_APPROVED",
                "no credit account             | APV      | NONE    | owner                 | 10.00   | NO_CREDIT_ACCOUNT     | 404  | CREDIT_ACCOUNT_NOT_FOUND",
                "closed account                | APV      | CLOSED  | owner                 | 10.00   | CREDIT_ACCOUNT_CLOSED | 409  | CREDIT_ACCOUNT_CLOSED",
                "closed account, rejected      | RPV      | CLOSED  | owner                 | 10.00   | CUSTOMER_REJECTED     | 409  | CREDIT_ACCOUNT_CLOSED",
                "email of nobody               | APV      | OPEN    | outra@pessoa.com.br   | 10.00   | CREDIT_EMAIL_MISMATCH | 422  | CREDIT_EMAIL_MISMATCH",
                "overdue invoice, blocked      | APV      | OVERDUE | owner                 | 10.00   | CREDIT_OVERDUE        | 422  | CREDIT_OVERDUE",
                "over the limit with tolerance | APV      | OPEN    | owner                 | 1100.01 | CREDIT_INSUFFICIENT   | 422  | CREDIT_INSUFFICIENT",
                "over the limit, wrong email   | APV      | OPEN    | outra@pessoa.com.br   | 1100.01 | CREDIT_EMAIL_MISMATCH | 422  | CREDIT_EMAIL_MISMATCH",
                "holder's email, any case      | APV      | OPEN    | SOCIA@Cliente.com.br  | 1100.00 | -                     | 201  | -",
                "owner's email, at the ceiling | APV      | OPEN    | owner                 | 1100.00 | -                     | 201  | -",
                "overdue, not blocked          | APV      | LENIENT | owner                 | 10.00   | -                     | 201  | -",
            })
    void everyRefusalOfEligibilityIsARefusalOfTheHold(
            String name,
            String customer,
            String account,
            String email,
            String amount,
            String eligibility,
            int holdStatus,
            String holdCode) {
        boolean lenient = account.equals("LENIENT");
        Fixture f = Fixture.create(lenient ? Map.of("blockCreditWhenOverdue", false) : Map.of());
        String document = Api.newCpf();
        if (customer != null) {
            f.status(document, customer);
        }
        String accountId = switch (account) {
            case "NONE" -> UUID.randomUUID().toString();
            default -> f.open(document, "1000.00", "0.1000");
        };
        String owner = "compras-" + document + "@cliente.com.br";
        if (!account.equals("NONE")) {
            as(f.integration)
                    .body(Map.of("email", "socia@cliente.com.br"))
                    .post(f.account(accountId) + "/holders")
                    .then()
                    .statusCode(201);
        }
        if (account.equals("OVERDUE") || lenient) {
            // an invoice due 10 days ago (3 grace days by default): overdue; placed while still APV
            String previous = customer;
            f.status(document, "APV");
            String holdId = f.placeHold(accountId, "1.00");
            f.capture(accountId, holdId, Map.of("firstDueInDays", -10));
            if (previous != null && !previous.equals("APV")) {
                f.status(document, previous);
            }
        }
        if (account.equals("CLOSED")) {
            as(f.integration).post(f.account(accountId) + "/close").then().statusCode(200);
        }
        String asked = email.equals("owner") ? owner : email;

        Map<String, Object> question = new HashMap<>(Map.of(
                "document",
                document,
                "email",
                asked,
                "cartTotal",
                amount,
                "paymentMethods",
                List.of("BOLETO_FATURADO")));
        Response decided = as(f.checkout).body(question).post("/v1/distributors/" + f.distributorId + "/eligibility");
        decided.then().statusCode(200);
        assertEquals(eligibility, decided.jsonPath().getString("paymentMethods[0].reason"), name + ": eligibility");

        Response held = f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("amount", amount, "orderId", "order-" + UUID.randomUUID(), "email", asked))
                .post(f.account(accountId) + "/holds");
        assertEquals(holdStatus, held.statusCode(), name + ": " + held.asString());
        if (holdCode != null) {
            held.then().body("code", equalTo(holdCode));
        }
    }
}
