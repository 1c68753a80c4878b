package dev.aval.distributor;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newDistributor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;

@AvalTest
class DistributorResourceTest {

    @Test
    void adminCreatesThenUpdatesADistributorKeepingOmittedSettings() {
        String id = "acme-" + System.nanoTime();
        admin().body(Map.of("name", "Acme", "pendingCustomersCanPurchase", false, "overdueGraceDays", 5))
                .put("/v1/distributors/" + id)
                .then()
                .statusCode(201)
                .body("id", equalTo(id))
                .body("name", equalTo("Acme"))
                .body("pendingCustomersCanPurchase", equalTo(false))
                .body("blockCreditWhenOverdue", equalTo(true))
                .body("overdueGraceDays", equalTo(5))
                .body("createdAt", notNullValue());
        admin().body(Map.of("name", "Acme Ltda"))
                .put("/v1/distributors/" + id)
                .then()
                .statusCode(200)
                .body("name", equalTo("Acme Ltda"))
                .body("pendingCustomersCanPurchase", equalTo(false))
                .body("overdueGraceDays", equalTo(5));
        admin().get("/v1/distributors/" + id).then().statusCode(200).body("name", equalTo("Acme Ltda"));
    }

    @Test
    void invalidIdAndSettingsAreRefusedNamingTheField() {
        admin().body(Map.of("name", "X"))
                .put("/v1/distributors/Bad_Id")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("distributorId"));
        admin().body(Map.of("name", "X", "overdueGraceDays", 31))
                .put("/v1/distributors/ok-id-" + System.nanoTime())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("overdueGraceDays"));
        admin().body(Map.of("overdueGraceDays", 3))
                .put("/v1/distributors/ok-id-" + System.nanoTime())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"));
        // names of at most 200 characters, a distributor's and an API key's
        admin().body(Map.of("name", "n".repeat(201)))
                .put("/v1/distributors/ok-id-" + System.nanoTime())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"));
        String named = "ok-id-" + System.nanoTime();
        admin().body(Map.of("name", "n".repeat(200)))
                .put("/v1/distributors/" + named)
                .then()
                .statusCode(201);
        admin().body(Map.of("name", "k".repeat(201), "role", "INTEGRATION"))
                .post("/v1/distributors/" + named + "/api-keys")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("name"));
        admin().body(Map.of("name", "k".repeat(200), "role", "INTEGRATION"))
                .post("/v1/distributors/" + named + "/api-keys")
                .then()
                .statusCode(201);
        admin().body("{\"name\": ")
                .put("/v1/distributors/ok-id-" + System.nanoTime())
                .then()
                .statusCode(400)
                .body("code", equalTo("MALFORMED_REQUEST"));
        admin().body(Map.of("name", "X", "overdueGraceDays", "many"))
                .put("/v1/distributors/ok-id-" + System.nanoTime())
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("overdueGraceDays"));
        // null is not "keep the current value": only omitting a setting is
        admin().body("{\"name\": \"X\", \"pendingCustomersCanPurchase\": null}")
                .put("/v1/distributors/ok-id-" + System.nanoTime())
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("pendingCustomersCanPurchase"));
    }

    @Test
    void unknownDistributorIs404() {
        admin().get("/v1/distributors/nobody-here")
                .then()
                .statusCode(404)
                .body("code", equalTo("DISTRIBUTOR_NOT_FOUND"));
    }

    @Test
    void missingOrUnknownKeyIs401() {
        String id = newDistributor();
        given().get("/v1/distributors/" + id)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("UNAUTHENTICATED"));
        as("avk_nope").get("/v1/distributors/" + id).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().header("Authorization", "Basic Zm9vOmJhcg==")
                .get("/v1/distributors/" + id)
                .then()
                .statusCode(401);
    }

    @Test
    void aDistributorKeyReadsItsOwnDistributorButNeverAnother() {
        String mine = newDistributor();
        String other = newDistributor();
        String key = key(mine, "READ_ONLY");
        as(key).get("/v1/distributors/" + mine).then().statusCode(200).body("id", equalTo(mine));
        as(key).get("/v1/distributors/" + other).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        // another distributor's path is 403 even when it does not exist: no probing of ids
        as(key).get("/v1/distributors/does-not-exist").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        // settings are the admin's
        as(key(mine, "INTEGRATION"))
                .body(Map.of("name", "mine"))
                .put("/v1/distributors/" + mine)
                .then()
                .statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void keysAreIssuedOnceListedWithoutSecretAndRevokedAtOnce() {
        String id = newDistributor();
        var issued = admin().body(Map.of("name", "erp", "role", "INTEGRATION"))
                .post("/v1/distributors/" + id + "/api-keys")
                .then()
                .statusCode(201)
                .body("key", startsWith("avk_"))
                .body("role", equalTo("INTEGRATION"))
                .extract()
                .jsonPath();
        String key = issued.getString("key");
        String keyId = issued.getString("id");
        as(key).get("/v1/me")
                .then()
                .statusCode(200)
                .body("keyId", equalTo(keyId))
                .body("distributorId", equalTo(id))
                .body("role", equalTo("INTEGRATION"));
        admin().get("/v1/distributors/" + id + "/api-keys")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(keyId))
                .body("items[0].key", nullValue())
                .body("items[0].revokedAt", nullValue())
                .body("nextCursor", nullValue());
        // keys are not the distributor's to manage, nor another distributor's
        as(key).get("/v1/distributors/" + id + "/api-keys").then().statusCode(403);
        as(key).delete("/v1/distributors/" + id + "/api-keys/" + keyId).then().statusCode(403);
        String foreign = key(newDistributor(), "INTEGRATION");
        as(foreign)
                .delete("/v1/distributors/" + id + "/api-keys/" + keyId)
                .then()
                .statusCode(403);
        as(key).get("/v1/me").then().statusCode(200);
        admin().delete("/v1/distributors/" + id + "/api-keys/" + keyId).then().statusCode(204);
        as(key).get("/v1/me").then().statusCode(401);
        admin().get("/v1/distributors/" + id + "/api-keys").then().body("items[0].revokedAt", notNullValue());
        admin().delete("/v1/distributors/" + id + "/api-keys/" + java.util.UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("code", equalTo("API_KEY_NOT_FOUND"));
        admin().body(Map.of("name", "x", "role", "SUPERUSER"))
                .post("/v1/distributors/" + id + "/api-keys")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("role"));
    }

    @Test
    void keysOfAnUnknownDistributorAre404() {
        admin().body(Map.of("name", "x", "role", "CHECKOUT"))
                .post("/v1/distributors/ghost-distributor/api-keys")
                .then()
                .statusCode(404)
                .body("code", equalTo("DISTRIBUTOR_NOT_FOUND"));
    }

    @Test
    void simultaneousFirstPutsCreateOnceAndUpdateTheRest() throws Exception {
        String id = "race-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "racer " + i;
                answers.add(pool.submit(() -> admin().body(Map.of("name", name))
                        .put("/v1/distributors/" + id)
                        .then()
                        .extract()
                        .statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                codes.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, Collections.frequency(codes, 201), codes.toString());
            assertEquals(7, Collections.frequency(codes, 200), codes.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRevokedKeyIsRefusedFromThe204OnEvenWhileInUse() throws Exception {
        String id = newDistributor();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                var issued = admin().body(Map.of("name", "busy", "role", "CHECKOUT"))
                        .post("/v1/distributors/" + id + "/api-keys")
                        .then()
                        .statusCode(201)
                        .extract()
                        .jsonPath();
                String key = issued.getString("key");
                AtomicBoolean revoked = new AtomicBoolean();
                AtomicInteger calls = new AtomicInteger();
                List<Future<?>> busy = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    busy.add(pool.submit(() -> {
                        while (!revoked.get()) {
                            as(key).get("/v1/me");
                            calls.incrementAndGet();
                        }
                    }));
                }
                // the key is in use: every busy thread has made calls
                Awaitility.await("the key in use")
                        .atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> calls.get() >= 8);
                admin().delete("/v1/distributors/" + id + "/api-keys/" + issued.getString("id"))
                        .then()
                        .statusCode(204);
                revoked.set(true);
                for (Future<?> f : busy) {
                    f.get(30, TimeUnit.SECONDS);
                }
                for (int i = 0; i < 20; i++) {
                    as(key).get("/v1/me").then().statusCode(401);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
