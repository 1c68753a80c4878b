package dev.aval.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Test helpers: the admin key, a fresh distributor per test, keys per role, valid documents. */
public final class Api {

    public static final String ADMIN_KEY = "avk_test_admin";
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Api() {}

    public static RequestSpecification as(String key) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key);
    }

    public static RequestSpecification admin() {
        return as(ADMIN_KEY);
    }

    /** Creates a distributor with a unique id and returns the id. */
    public static String newDistributor() {
        return newDistributor(Map.of());
    }

    public static String newDistributor(Map<String, Object> settings) {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 8) + "-" + SEQ.incrementAndGet();
        Map<String, Object> body = new java.util.HashMap<>(settings);
        body.putIfAbsent("name", "Test " + id);
        admin().body(body).put("/v1/distributors/" + id).then().statusCode(201);
        return id;
    }

    /** Issues a key of the role for the distributor and returns the secret. */
    public static String key(String distributorId, String role) {
        return admin().body(Map.of("name", "test-" + role, "role", role))
                .post("/v1/distributors/" + distributorId + "/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
    }

    /** A valid CPF derived from a number (check digits computed). */
    public static String cpf(long n) {
        String base = String.format("%09d", Math.floorMod(n, 1_000_000_000L));
        if (base.chars().distinct().count() == 1) {
            base = "123456780";
        }
        int d1 = cpfDigit(base, 10);
        int d2 = cpfDigit(base + d1, 11);
        return base + d1 + d2;
    }

    private static int cpfDigit(String digits, int firstWeight) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            sum += (digits.charAt(i) - '0') * (firstWeight - i);
        }
        int rest = sum % 11;
        return rest < 2 ? 0 : 11 - rest;
    }

    private static final AtomicInteger DOC = new AtomicInteger(1000);

    /** A fresh valid CPF. */
    public static String newCpf() {
        return cpf(DOC.incrementAndGet() * 7919L + System.nanoTime() % 1000);
    }

    /** Pays the account's first invoice in full. */
    public static void payFirstInvoice(String key, String distributorId, String accountId) {
        String invoices = "/v1/distributors/" + distributorId + "/credit-accounts/" + accountId + "/invoices";
        String invoice = as(key).get(invoices).then().statusCode(200).extract().path("items[0].id");
        as(key).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of())
                .post(invoices + "/" + invoice + "/payments")
                .then()
                .statusCode(200);
    }
}
