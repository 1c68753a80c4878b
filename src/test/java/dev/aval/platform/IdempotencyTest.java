package dev.aval.platform;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static dev.aval.support.Waits.TIMEOUT;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.support.AccountLock;
import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The Idempotency-Key contract of api.md, exercised on holds (the first user of the mechanism). */
@AvalTest
class IdempotencyTest {

    private record Account(String distributorId, String key, String holds) {}

    private static Account account(String creditLimit) {
        String d = Api.newDistributor();
        String key = Api.key(d, "INTEGRATION");
        String document = Api.newCpf();
        admin().body(Map.of("status", "APV"))
                .put("/v1/distributors/" + d + "/customers/" + document + "/status")
                .then()
                .statusCode(200);
        String id = as(key).body(Map.of("document", document, "email", "a@b.com", "creditLimit", creditLimit))
                .post("/v1/distributors/" + d + "/credit-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return new Account(d, key, "/v1/distributors/" + d + "/credit-accounts/" + id + "/holds");
    }

    private static Response hold(Account a, String idempotencyKey, Object body) {
        return as(a.key()).header("Idempotency-Key", idempotencyKey).body(body).post(a.holds());
    }

    @Test
    void aRetryReplaysTheFirstAnswerWithoutASecondHold() {
        Account a = account("100.00");
        Response first = hold(a, "retry-1", Map.of("amount", 10.0, "orderId", "o-1"));
        first.then().statusCode(201).header(Idempotency.REPLAYED, nullValue());
        // equal parsed JSON: the same amount written differently, keys in another order
        Response again = hold(a, "retry-1", "{\"orderId\": \"o-1\", \"amount\": \"10.00\"}");
        again.then().statusCode(201).header(Idempotency.REPLAYED, "true").header("Location", first.header("Location"));
        assertEquals(first.jsonPath().getString("id"), again.jsonPath().getString("id"));
        assertEquals(first.asString(), again.asString());
        as(a.key()).get(a.holds()).then().body("items", hasSize(1));
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        Account a = account("100.00");
        hold(a, "k", Map.of("amount", "10.00", "orderId", "o-1")).then().statusCode(201);
        hold(a, "k", Map.of("amount", "11.00", "orderId", "o-1"))
                .then()
                .statusCode(422)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        as(a.key()).get(a.holds()).then().body("items", hasSize(1));
    }

    @Test
    void aBusinessRefusalIsReplayedToo() {
        Account a = account("5.00");
        hold(a, "too-much", Map.of("amount", "10.00", "orderId", "o"))
                .then()
                .statusCode(422)
                .body("code", equalTo("CREDIT_INSUFFICIENT"));
        hold(a, "too-much", Map.of("amount", "10.00", "orderId", "o"))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .header(Idempotency.REPLAYED, "true")
                .body("code", equalTo("CREDIT_INSUFFICIENT"));
    }

    @Test
    void keysAreScopedPerDistributorAndPath() {
        Account a = account("100.00");
        Account b = account("100.00");
        hold(a, "shared", Map.of("amount", "10.00", "orderId", "o")).then().statusCode(201);
        hold(b, "shared", Map.of("amount", "20.00", "orderId", "o"))
                .then()
                .statusCode(201)
                .header(Idempotency.REPLAYED, nullValue());
    }

    @Test
    void aValidationErrorDoesNotBurnTheKey() {
        Account a = account("100.00");
        hold(a, "fix-and-retry", Map.of("amount", "10.001", "orderId", "o"))
                .then()
                .statusCode(400);
        hold(a, "fix-and-retry", Map.of("amount", "10.00", "orderId", "o"))
                .then()
                .statusCode(201)
                .header(Idempotency.REPLAYED, nullValue());
    }

    @Test
    void identicalRequestsRacingMakeOneHold() throws Exception {
        Account a = account("1000.00");
        int racers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return hold(a, "race", Map.of("amount", "10.00", "orderId", "o-race"));
                }));
            }
            start.countDown();
            String holdId = null;
            int created = 0;
            for (Future<Response> f : futures) {
                Response r = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                int status = r.statusCode();
                assertTrue(status == 201 || status == 409, "status " + status + ": " + r.asString());
                if (status == 201) {
                    created++;
                    if (holdId == null) {
                        holdId = r.jsonPath().getString("id");
                    }
                    assertEquals(holdId, r.jsonPath().getString("id"));
                } else {
                    assertEquals("IDEMPOTENCY_KEY_IN_USE", r.jsonPath().getString("code"));
                }
            }
            assertTrue(created >= 1);
        } finally {
            pool.shutdownNow();
        }
        as(a.key()).get(a.holds()).then().body("items", hasSize(1));
        // once finished, the key replays
        hold(a, "race", Map.of("amount", "10.00", "orderId", "o-race"))
                .then()
                .statusCode(201)
                .header(Idempotency.REPLAYED, "true");
    }

    @Test
    void theKeyIsRequired() {
        Account a = account("100.00");
        as(a.key())
                .body(Map.of("amount", "10.00", "orderId", "o"))
                .post(a.holds())
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("Idempotency-Key"));
        as(a.key())
                .header("Idempotency-Key", "x".repeat(256))
                .body(Map.of("amount", "10.00", "orderId", "o"))
                .post(a.holds())
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
        as(a.key()).get(a.holds()).then().body("items", hasSize(0));
        UUID.randomUUID();
    }

    @Inject
    Pool pool;

    @Test
    void aRequestOutlivingTheLeaseIsRolledBackWhenARetryTookItsKeyOver() throws Exception {
        Account a = account("100.00");
        String accountId = a.holds().split("/")[5];
        Map<String, Object> body = Map.of("amount", 10.0, "orderId", "o-lease");
        // the account's row lock, held from outside: the first request stalls inside its transaction
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (AccountLock lock = AccountLock.hold(pool, accountId)) {
            Future<Integer> first =
                    threads.submit(() -> hold(a, "lease-1", body).statusCode());
            OffsetDateTime claimed = awaitClaim(a, null);
            // the in-flight lease (1 min) passes for the first request: its key may be taken over
            pool.preparedQuery("update idempotency_key set created_at = created_at - interval '2 minutes' "
                            + "where distributor_id = $1 and idem_key = 'lease-1'")
                    .execute(Tuple.of(a.distributorId()))
                    .await()
                    .atMost(TIMEOUT);
            Future<Integer> retry =
                    threads.submit(() -> hold(a, "lease-1", body).statusCode());
            awaitClaim(a, claimed);
            lock.release();
            List<Integer> codes = List.of(first.get(30, TimeUnit.SECONDS), retry.get(30, TimeUnit.SECONDS));
            // the retry took the key over: it placed the hold; the first one rolled back (409 in use)
            assertEquals(List.of(409, 201), codes);
            as(a.key()).get(a.holds()).then().statusCode(200).body("items", hasSize(1));
            hold(a, "lease-1", body).then().statusCode(201).header(Idempotency.REPLAYED, "true");
        } finally {
            threads.shutdownNow();
        }
    }

    /** Waits until the key is claimed at a time other than {@code not} (null: any claim). */
    private OffsetDateTime awaitClaim(Account a, OffsetDateTime not) {
        return Awaitility.await("the key claimed")
                .atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(25))
                .until(
                        () -> {
                            var rows = pool.preparedQuery(
                                            "select created_at from idempotency_key where distributor_id = $1 and idem_key = 'lease-1'")
                                    .execute(Tuple.of(a.distributorId()))
                                    .await()
                                    .atMost(TIMEOUT);
                            return rows.size() == 1 ? rows.iterator().next().getOffsetDateTime(0) : null;
                        },
                        at -> at != null && (not == null || at.isAfter(not)));
    }
}
