package dev.aval.credit;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.aval.support.Api;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** A distributor with one key per role, and helpers to open accounts and place holds. */
final class Fixture {

    final String distributorId;
    final String integration;
    final String checkout;
    final String readOnly;

    private Fixture(Map<String, Object> settings) {
        distributorId = Api.newDistributor(settings);
        integration = Api.key(distributorId, "INTEGRATION");
        checkout = Api.key(distributorId, "CHECKOUT");
        readOnly = Api.key(distributorId, "READ_ONLY");
    }

    static Fixture create() {
        return new Fixture(Map.of());
    }

    static Fixture create(Map<String, Object> settings) {
        return new Fixture(settings);
    }

    String accounts() {
        return "/v1/distributors/" + distributorId + "/credit-accounts";
    }

    String account(String accountId) {
        return accounts() + "/" + accountId;
    }

    /** The distributor-wide invoice list. */
    String invoices() {
        return "/v1/distributors/" + distributorId + "/invoices";
    }

    /** An APV customer. */
    String approvedCustomer() {
        String document = Api.newCpf();
        status(document, "APV");
        return document;
    }

    void status(String document, String status) {
        admin().body(Map.of("status", status))
                .put("/v1/distributors/" + distributorId + "/customers/" + document + "/status")
                .then()
                .statusCode(200);
    }

    /** Opens an account for the document and returns its id. */
    String open(String document, String creditLimit, String tolerance) {
        Map<String, Object> body = new HashMap<>();
        body.put("document", document);
        body.put("email", "compras-" + document + "@cliente.com.br");
        body.put("creditLimit", new BigDecimal(creditLimit));
        if (tolerance != null) {
            body.put("tolerance", new BigDecimal(tolerance));
        }
        return as(integration)
                .body(body)
                .post(accounts())
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** An APV customer with an account; returns the account id. */
    String approvedAccount(String creditLimit, String tolerance) {
        return open(approvedCustomer(), creditLimit, tolerance);
    }

    RequestSpecification idempotent(String key) {
        return as(checkout).header("Idempotency-Key", key);
    }

    Response hold(String accountId, String amount) {
        return idempotent(UUID.randomUUID().toString())
                .body(Map.of("amount", new BigDecimal(amount), "orderId", "order-" + UUID.randomUUID()))
                .post(account(accountId) + "/holds");
    }

    Response hold(String accountId, String amount, Instant expiresAt) {
        return idempotent(UUID.randomUUID().toString())
                .body(Map.of(
                        "amount",
                        new BigDecimal(amount),
                        "orderId",
                        "order-" + UUID.randomUUID(),
                        "expiresAt",
                        expiresAt.toString()))
                .post(account(accountId) + "/holds");
    }

    String placeHold(String accountId, String amount) {
        return hold(accountId, amount).then().statusCode(201).extract().path("id");
    }

    JsonPath capture(String accountId, String holdId, Map<String, Object> body) {
        return idempotent(UUID.randomUUID().toString())
                .body(body)
                .post(account(accountId) + "/holds/" + holdId + "/capture")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    JsonPath get(String accountId) {
        return as(readOnly)
                .get(account(accountId))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
