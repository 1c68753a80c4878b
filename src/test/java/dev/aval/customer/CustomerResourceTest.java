package dev.aval.customer;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import io.restassured.path.json.JsonPath;

@AvalTest
class CustomerResourceTest {

    private static String path(String d) {
        return "/v1/distributors/" + d + "/customers";
    }

    @Test
    void registeringCreatesAPendingCustomerOnceAndRecordsHistory() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String cpf = newCpf();
        String formatted =
                cpf.substring(0, 3) + "." + cpf.substring(3, 6) + "." + cpf.substring(6, 9) + "-" + cpf.substring(9);
        as(key).put(path(d) + "/" + formatted)
                .then()
                .statusCode(201)
                .body("document", equalTo(cpf))
                .body("documentType", equalTo("CPF"))
                .body("status", equalTo("PEN"))
                .body("registered", equalTo(true))
                .body("createdAt", notNullValue());
        as(key).body(Map.of()).put(path(d) + "/" + cpf).then().statusCode(200).body("status", equalTo("PEN"));
        as(key).get(path(d) + "/" + formatted).then().statusCode(200).body("document", equalTo(cpf));
        as(key).get(path(d) + "/" + cpf + "/status-history")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].from", nullValue())
                .body("items[0].to", equalTo("PEN"));
    }

    @Test
    void formattedCnpjWithEncodedSlashAndAlphanumericCnpjAreAccepted() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        as(key).urlEncodingEnabled(false)
                .put(path(d) + "/11.222.333%2F0001-81")
                .then()
                .statusCode(201)
                .body("document", equalTo("11222333000181"))
                .body("documentType", equalTo("CNPJ"));
        as(key).put(path(d) + "/12ABC34501DE35").then().statusCode(201).body("documentType", equalTo("CNPJ"));
        as(key).body(Map.of("documentType", "OTHER"))
                .put(path(d) + "/PASSPORT99")
                .then()
                .statusCode(201)
                .body("documentType", equalTo("OTHER"));
        as(key).get(path(d) + "/PASSPORT99?documentType=OTHER").then().statusCode(200);
    }

    @Test
    void invalidDocumentsAre400NamingDocument() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        for (String bad : List.of("12345678900", "00000000000", "123", "11222333000182")) {
            as(key).put(path(d) + "/" + bad)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", contains("document"));
        }
        as(key).body(Map.of("status", "APV"))
                .put(path(d) + "/00000000000/status")
                .then()
                .statusCode(400)
                .body("errors.field", contains("document"));
        as(key).get(path(d) + "/123").then().statusCode(400).body("errors.field", contains("document"));
        as(key).get(path(d) + "/" + newCpf() + "?documentType=PASSPORT")
                .then()
                .statusCode(400)
                .body("errors.field", contains("documentType"));
    }

    @Test
    void neverIntegratedCustomerIs404() {
        String d = newDistributor();
        as(key(d, "READ_ONLY"))
                .get(path(d) + "/" + newCpf())
                .then()
                .statusCode(404)
                .body("code", equalTo("CUSTOMER_NOT_FOUND"));
        as(key(d, "READ_ONLY"))
                .get(path(d) + "/" + newCpf() + "/status-history")
                .then()
                .statusCode(404)
                .body("code", equalTo("CUSTOMER_NOT_FOUND"));
    }

    @Test
    void statusUpdateCreatesTheCustomerAndFollowsTheOrderingRule() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String cpf = newCpf();
        Instant t0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        as(key).body(Map.of("status", "APV", "reason", "credit analysis ok", "occurredAt", t0.toString()))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("APPLIED"))
                .body("customer.status", equalTo("APV"))
                .body("customer.statusReason", equalTo("credit analysis ok"))
                .body("customer.statusOccurredAt", equalTo(t0.toString()));
        // same status again: unchanged, no history row
        as(key).body(Map.of("status", "APV", "occurredAt", t0.plusSeconds(1).toString()))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("UNCHANGED"));
        // an older decision arriving late is stale and not applied
        as(key).body(Map.of("status", "RPV", "occurredAt", t0.minusSeconds(10).toString()))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("STALE"))
                .body("customer.status", equalTo("APV"));
        // equal occurredAt with another status is applied
        as(key).body(Map.of(
                        "status",
                        "RPV",
                        "reason",
                        "fraud",
                        "occurredAt",
                        t0.plusSeconds(1).toString()))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("APPLIED"))
                .body("customer.status", equalTo("RPV"));
        JsonPath history = as(key).get(path(d) + "/" + cpf + "/status-history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("RPV", "APV"), history.getList("items.to"));
        assertEquals("APV", history.getString("items[0].from"));
        assertNull(history.get("items[1].from"));
        assertEquals("fraud", history.getString("items[0].reason"));
        assertEquals(t0.toString(), history.getString("items[1].occurredAt"));
        String keyId = as(key).get("/v1/me").then().extract().path("keyId");
        assertEquals(keyId, history.getString("items[0].actor"));
    }

    @Test
    void statusValidation() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String cpf = newCpf();
        as(key).body(Map.of("status", "XYZ"))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("status"));
        as(key).body(Map.of("reason", "x"))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(400)
                .body("errors.field", contains("status"));
        as(key).body(Map.of(
                        "status",
                        "APV",
                        "occurredAt",
                        Instant.now().plus(10, ChronoUnit.MINUTES).toString()))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(400)
                .body("errors.field", contains("occurredAt"));
        as(key).body(Map.of("status", "APV", "occurredAt", "yesterday"))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(400)
                .body("errors.field", contains("occurredAt"));
        as(key).body(Map.of("status", "APV", "occurredAt", "1999-12-31T23:59:59.999999Z"))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(400)
                .body("errors.field", contains("occurredAt"))
                .body("errors.message", contains("must not be before 2000-01-01T00:00:00Z"));
        as(key).body(Map.of("status", "APV", "occurredAt", "2000-01-01T00:00:00Z"))
                .put(path(d) + "/" + newCpf() + "/status")
                .then()
                .statusCode(200);
        as(key).body(Map.of("status", "APV", "reason", "x".repeat(501)))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(400)
                .body("errors.field", contains("reason"));
        as(key).put(path(d) + "/" + cpf + "/status").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        // nothing was created by the refused updates
        as(key).get(path(d) + "/" + cpf).then().statusCode(404);
    }

    @Test
    void racingUpdatesLeaveTheNewestDecisionWhateverTheArrivalOrder() throws Exception {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            for (int round = 0; round < 5; round++) {
                String cpf = newCpf();
                List<CompletableFuture<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    int n = i;
                    String status = n % 2 == 0 ? "APV" : "RPV";
                    calls.add(CompletableFuture.supplyAsync(
                            () -> as(key).body(Map.of(
                                            "status",
                                            status,
                                            "occurredAt",
                                            base.plusMillis(n).toString()))
                                    .put(path(d) + "/" + cpf + "/status")
                                    .statusCode(),
                            pool));
                }
                for (CompletableFuture<Integer> c : calls) {
                    assertEquals(200, c.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                }
                // the newest occurredAt (n = 15, RPV) wins
                as(key).get(path(d) + "/" + cpf)
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("RPV"))
                        .body("statusOccurredAt", equalTo(base.plusMillis(15).toString()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void batchAppliesValidItemsRejectsInvalidOnesInInputOrder() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String a = newCpf();
        String b = newCpf();
        Instant t = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS);
        List<Map<String, Object>> items = List.of(
                Map.of("document", a, "status", "APV", "occurredAt", t.toString()),
                Map.of("document", "12345678900", "status", "APV"),
                Map.of("document", b, "status", "NOPE"),
                Map.of("document", b, "status", "RPV", "reason", "fraud"),
                Map.of(
                        "document",
                        a,
                        "status",
                        "RPV",
                        "occurredAt",
                        t.minusSeconds(5).toString()),
                Map.of(
                        "document",
                        a,
                        "status",
                        "APV",
                        "occurredAt",
                        t.plusSeconds(5).toString()),
                Map.of("document", b, "status", "APV", "occurredAt", "0001-01-02T00:00:00Z"),
                Map.of("document", b, "status", "APV", "reason", "x".repeat(501)));
        as(key).body(Map.of("items", items))
                .post(path(d) + "/statuses")
                .then()
                .statusCode(200)
                .body("results.index", contains(0, 1, 2, 3, 4, 5, 6, 7))
                .body(
                        "results.outcome",
                        contains(
                                "APPLIED",
                                "REJECTED",
                                "REJECTED",
                                "APPLIED",
                                "STALE",
                                "UNCHANGED",
                                "REJECTED",
                                "REJECTED"))
                .body("results[6].errors.field", contains("occurredAt"))
                .body("results[7].errors.field", contains("reason"))
                .body("results[1].errors.field", contains("document"))
                .body("results[2].errors.field", contains("status"))
                .body("results[3].status", equalTo("RPV"))
                .body("results[4].status", equalTo("APV"))
                .body("results[0].document", equalTo(a));
        as(key).get(path(d) + "/" + b).then().body("status", equalTo("RPV"));
    }

    @Test
    void aRegistrationIsNotADecisionSoADecisionMadeBeforeItStillApplies() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String cpf = newCpf();
        as(key).put(path(d) + "/" + cpf).then().statusCode(201).body("status", equalTo("PEN"));
        Instant decided = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MICROS);
        as(key).body(Map.of("status", "APV", "occurredAt", decided.toString()))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("APPLIED"))
                .body("customer.status", equalTo("APV"))
                .body("customer.statusOccurredAt", equalTo(decided.toString()));
        // from then on the ordering rule holds against that decision
        as(key).body(Map.of(
                        "status", "RPV", "occurredAt", decided.minusSeconds(1).toString()))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("STALE"));
        // the same in a batch, with the registration's own status (PEN) decided earlier
        String other = newCpf();
        as(key).put(path(d) + "/" + other).then().statusCode(201);
        as(key).body(Map.of(
                        "items",
                        List.of(
                                Map.of("document", other, "status", "PEN", "occurredAt", decided.toString()),
                                Map.of(
                                        "document",
                                        other,
                                        "status",
                                        "RPV",
                                        "occurredAt",
                                        decided.minusSeconds(1).toString()))))
                .post(path(d) + "/statuses")
                .then()
                .statusCode(200)
                .body("results.outcome", contains("UNCHANGED", "STALE"));
        as(key).get(path(d) + "/" + other)
                .then()
                .body("status", equalTo("PEN"))
                .body("statusOccurredAt", equalTo(decided.toString()));
    }

    @Test
    void aFullBatchWithLongestNonAsciiReasonsIsAccepted() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String reason = "ç".repeat(500); // 1,000 bytes in UTF-8: the batch is over 1 MiB
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(Map.of("document", newCpf(), "status", "RPV", "reason", reason));
        }
        as(key).body(Map.of("items", items))
                .post(path(d) + "/statuses")
                .then()
                .statusCode(200)
                .body("results", hasSize(1000));
    }

    @Test
    void historyOfChangesMadeInOneBatchIsNewestFirst() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String cpf = newCpf();
        Instant t = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS);
        List<String> statuses = List.of("APV", "RPV", "APV", "PEN", "RPV", "APV");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            items.add(Map.of(
                    "document",
                    cpf,
                    "status",
                    statuses.get(i),
                    "occurredAt",
                    t.plusSeconds(i).toString()));
        }
        as(key).body(Map.of("items", items))
                .post(path(d) + "/statuses")
                .then()
                .statusCode(200)
                .body("results.outcome", org.hamcrest.Matchers.everyItem(equalTo("APPLIED")));
        // the six rows share one recordedAt: their order is the order they were applied in
        JsonPath history = as(key).get(path(d) + "/" + cpf + "/status-history")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("APV", "RPV", "PEN", "APV", "RPV", "APV"), history.getList("items.to"));
        assertNull(history.get("items[5].from"));
    }

    @Test
    void batchOfMoreThanAThousandIs413AndEmptyIs400() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            items.add(Map.of("document", newCpf(), "status", "APV"));
        }
        as(key).body(Map.of("items", items))
                .post(path(d) + "/statuses")
                .then()
                .statusCode(413)
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
        as(key).body(Map.of("items", List.of()))
                .post(path(d) + "/statuses")
                .then()
                .statusCode(400)
                .body("errors.field", contains("items"));
    }

    @Test
    void aFullBatchOfAThousandApplies() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(Map.of("document", newCpf(), "status", i % 3 == 0 ? "RPV" : "APV"));
        }
        as(key).body(Map.of("items", items))
                .post(path(d) + "/statuses")
                .then()
                .statusCode(200)
                .body("results", hasSize(1000))
                .body("results.outcome", org.hamcrest.Matchers.everyItem(equalTo("APPLIED")));
        // listing by status pages through exactly the RPV ones
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> q = new HashMap<>(Map.of("status", "RPV", "limit", 100));
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            JsonPath page = as(key).queryParams(q)
                    .get(path(d))
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            seen.addAll(page.getList("items.document"));
            assertEquals(
                    List.of(),
                    page.getList("items.status").stream()
                            .filter(s -> !"RPV".equals(s))
                            .toList());
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(334, seen.size());
        assertEquals(334, seen.stream().distinct().count());
    }

    @Test
    void listValidatesItsParameters() {
        String d = newDistributor();
        String key = key(d, "READ_ONLY");
        as(key).get(path(d) + "?status=XXX").then().statusCode(400).body("errors.field", contains("status"));
        as(key).get(path(d) + "?limit=501").then().statusCode(400).body("errors.field", contains("limit"));
        as(key).get(path(d) + "?limit=0").then().statusCode(400).body("errors.field", contains("limit"));
        as(key).get(path(d) + "?cursor=%%%").then().statusCode(400).body("errors.field", contains("cursor"));
        as(key).get(path(d)).then().statusCode(200).body("items", hasSize(0)).body("nextCursor", nullValue());
    }

    @Test
    void rolesAndTenancyAreEnforced() {
        String d = newDistributor();
        String other = newDistributor();
        String cpf = newCpf();
        as(key(d, "INTEGRATION"))
                .body(Map.of("status", "APV"))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200);
        // read-only and checkout keys read but never write
        for (String role : List.of("READ_ONLY", "CHECKOUT")) {
            String k = key(d, role);
            as(k).get(path(d) + "/" + cpf).then().statusCode(200);
            as(k).body(Map.of("status", "RPV"))
                    .put(path(d) + "/" + cpf + "/status")
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("FORBIDDEN"));
            as(k).put(path(d) + "/" + newCpf()).then().statusCode(403);
            as(k).body(Map.of("items", List.of(Map.of("document", cpf, "status", "RPV"))))
                    .post(path(d) + "/statuses")
                    .then()
                    .statusCode(403);
        }
        // another distributor's key cannot read or change this customer
        String foreign = key(other, "INTEGRATION");
        as(foreign).get(path(d) + "/" + cpf).then().statusCode(403);
        as(foreign)
                .body(Map.of("status", "RPV"))
                .put(path(d) + "/" + cpf + "/status")
                .then()
                .statusCode(403);
        as(foreign).put(path(d) + "/" + newCpf()).then().statusCode(403);
        as(foreign).get(path(d)).then().statusCode(403);
        as(foreign).get(path(d) + "/" + cpf + "/status-history").then().statusCode(403);
        as(foreign)
                .body(Map.of("items", List.of(Map.of("document", cpf, "status", "RPV"))))
                .post(path(d) + "/statuses")
                .then()
                .statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        // and its own distributor does not see it
        as(foreign).get(path(other) + "/" + cpf).then().statusCode(404);
        admin().get(path(d) + "/" + cpf).then().statusCode(200).body("status", equalTo("APV"));
        as(foreign).get(path(other)).then().body("items.document", org.hamcrest.Matchers.not(hasItem(cpf)));
    }
}
