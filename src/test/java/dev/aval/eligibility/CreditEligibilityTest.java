package dev.aval.eligibility;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.response.ValidatableResponse;

/** Eligibility reads the credit account, holds and invoices in its one query. */
@AvalTest
class CreditEligibilityTest {

    private String d;
    private String key;

    @org.junit.jupiter.api.BeforeEach
    void distributor() {
        d = Api.newDistributor(Map.of("overdueGraceDays", 2));
        key = Api.key(d, "INTEGRATION");
    }

    private String approved() {
        String document = Api.newCpf();
        admin().body(Map.of("status", "APV"))
                .put("/v1/distributors/" + d + "/customers/" + document + "/status")
                .then()
                .statusCode(200);
        return document;
    }

    private String open(String document, String limit, double tolerance) {
        return as(key).body(Map.of(
                        "document",
                        document,
                        "email",
                        "Compras@Cliente.com.br",
                        "creditLimit",
                        limit,
                        "tolerance",
                        tolerance))
                .post(accounts())
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private ValidatableResponse boleto(String document, String email, String cartTotal) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "document",
                document,
                "cartTotal",
                cartTotal,
                "paymentMethods",
                java.util.List.of("PIX", "BOLETO_FATURADO")));
        if (email != null) {
            body.put("email", email);
        }
        return as(key).body(body)
                .post("/v1/distributors/" + d + "/eligibility")
                .then()
                .statusCode(200);
    }

    private String hold(String accountId, String amount) {
        return as(key).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", amount, "orderId", "o-" + UUID.randomUUID()))
                .post(accounts() + "/" + accountId + "/holds")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private String accounts() {
        return "/v1/distributors/" + d + "/credit-accounts";
    }

    @Test
    void approvedCustomerWithoutAccountHasNoCredit() {
        boleto(approved(), "x@y.com", "10.00")
                .body("paymentMethods[1].reason", equalTo("NO_CREDIT_ACCOUNT"))
                .body("credit", nullValue())
                .body("canPurchase", equalTo(true));
    }

    @Test
    void aDocumentNeverIntegratedStillShowsItsAccount() {
        String document = Api.newCpf(); // an account, but no customer: treated as PEN, unregistered
        String id = open(document, "500.00", 0);
        boleto(document, "compras@cliente.com.br", "10.00")
                .body("status", equalTo("PEN"))
                .body("registered", equalTo(false))
                .body("paymentMethods[0].allowed", equalTo(true))
                .body("paymentMethods[1].reason", equalTo("CUSTOMER_NOT_APPROVED"))
                .body("credit.accountId", equalTo(id))
                .body("credit.availableCredit", equalTo(500.00f));
    }

    @Test
    void theCreditBlockReflectsHoldsAndTheCartIsCheckedAgainstTheTolerance() {
        String document = approved();
        String id = open(document, "1000.00", 0.1);
        hold(id, "300.00");
        boleto(document, "compras@cliente.com.br", "800.00")
                .body("paymentMethods[1].allowed", equalTo(true))
                .body("credit.accountId", equalTo(id))
                .body("credit.creditLimit", equalTo(1000.00f))
                .body("credit.tolerance", equalTo(0.1f))
                .body("credit.reserved", equalTo(300.00f))
                .body("credit.outstanding", equalTo(0f))
                .body("credit.availableCredit", equalTo(700.00f))
                .body("credit.availableCreditWithTolerance", equalTo(800.00f));
        boleto(document, "compras@cliente.com.br", "800.01")
                .body("paymentMethods[1].reason", equalTo("CREDIT_INSUFFICIENT"));
        boleto(document, null, "1.00").body("paymentMethods[1].reason", equalTo("CREDIT_EMAIL_REQUIRED"));
        boleto(document, "other@cliente.com.br", "1.00")
                .body("paymentMethods[1].reason", equalTo("CREDIT_EMAIL_MISMATCH"));
        as(key).body(Map.of("email", "other@cliente.com.br"))
                .post(accounts() + "/" + id + "/holders")
                .then()
                .statusCode(201);
        boleto(document, "OTHER@cliente.com.br", "1.00").body("paymentMethods[1].allowed", equalTo(true));
    }

    @Test
    void anOverdueInvoiceBlocksCreditAfterTheGraceDays() {
        String document = approved();
        String id = open(document, "1000.00", 0);
        String holdId = hold(id, "100.00");
        as(key).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("firstDueInDays", -2))
                .post(accounts() + "/" + id + "/holds/" + holdId + "/capture")
                .then()
                .statusCode(200);
        // due 2 days ago, 2 grace days: not yet overdue
        boleto(document, "compras@cliente.com.br", "1.00")
                .body("paymentMethods[1].allowed", equalTo(true))
                .body("credit.outstanding", equalTo(100.00f));
        String late = hold(id, "50.00");
        as(key).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("firstDueInDays", -3))
                .post(accounts() + "/" + id + "/holds/" + late + "/capture")
                .then()
                .statusCode(200);
        boleto(document, "compras@cliente.com.br", "1.00").body("paymentMethods[1].reason", equalTo("CREDIT_OVERDUE"));
        admin().body(Map.of("name", "x", "blockCreditWhenOverdue", false))
                .put("/v1/distributors/" + d)
                .then()
                .statusCode(200);
        boleto(document, "compras@cliente.com.br", "1.00").body("paymentMethods[1].allowed", equalTo(true));
    }

    @Test
    void anOverdueInvoiceOfAClosedAccountStillBlocksTheCustomersCredit() {
        String document = approved();
        String old = open(document, "1000.00", 0);
        String holdId = hold(old, "100.00");
        as(key).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("firstDueInDays", -10))
                .post(accounts() + "/" + old + "/holds/" + holdId + "/capture")
                .then()
                .statusCode(200);
        as(key).post(accounts() + "/" + old + "/close").then().statusCode(200);
        String second = open(document, "500.00", 0);
        boleto(document, "compras@cliente.com.br", "1.00")
                .body("credit.accountId", equalTo(second))
                .body("paymentMethods[1].reason", equalTo("CREDIT_OVERDUE"));
    }

    @Test
    void aClosedAccountIsReportedUntilANewOneIsOpened() {
        String document = approved();
        String id = open(document, "1000.00", 0);
        as(key).post(accounts() + "/" + id + "/close").then().statusCode(200);
        boleto(document, "compras@cliente.com.br", "1.00")
                .body("paymentMethods[1].reason", equalTo("CREDIT_ACCOUNT_CLOSED"))
                .body("credit", nullValue());
        String second = open(document, "50.00", 0);
        boleto(document, "compras@cliente.com.br", "1.00")
                .body("paymentMethods[1].allowed", equalTo(true))
                .body("credit.accountId", equalTo(second));
    }
}
