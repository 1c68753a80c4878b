package dev.aval.eligibility;

import static dev.aval.support.Api.as;
import static dev.aval.support.Waits.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import dev.aval.support.MovableClock;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The snapshot cache of eligibility on one instance: repeated questions answered from memory;
 * a change committed elsewhere (written here straight to the database with its event, as another
 * instance would) reaches the answers through the event log and nothing else; the clock alone
 * expires a hold in a cached answer; a lost notification connection makes the instance answer from
 * the database until it has caught up. Two instances: checks/eligibility-two-instances.sh.
 */
@AvalTest
class EligibilityCacheTest {

    @Inject
    Pool pool;

    @Inject
    MovableClock clock;

    private String d;
    private String key;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private void distributor() {
        d = Api.newDistributor();
        key = Api.key(d, "INTEGRATION");
    }

    private String customer(String status) {
        String document = Api.newCpf();
        as(key).body(Map.of("status", status))
                .put("/v1/distributors/" + d + "/customers/" + document + "/status")
                .then()
                .statusCode(200);
        return document;
    }

    private String eligibility(String document, String cartTotal) {
        return as(key).body(Map.of(
                        "document",
                        document,
                        "email",
                        "compras@cliente.com.br",
                        "cartTotal",
                        cartTotal,
                        "paymentMethods",
                        List.of("BOLETO_FATURADO")))
                .post("/v1/distributors/" + d + "/eligibility")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private String status(String document) {
        return as(key).body(Map.of("document", document, "cartTotal", "10"))
                .post("/v1/distributors/" + d + "/eligibility")
                .then()
                .statusCode(200)
                .extract()
                .path("status");
    }

    private static double metric(String name) {
        String all = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$")
                .matcher(all);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double hits() {
        return metric("aval_eligibility_cache_requests_total{result=\"hit\"}");
    }

    /** Asks until an answer comes from the cache (the first read of a distributor starts following it). */
    private void cached(String document) {
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            double before = hits();
            status(document);
            return hits() > before;
        });
    }

    /** Changes the status as another instance would: the row and its event, nothing through this instance. */
    private void statusElsewhere(String document, String status, boolean withEvent) {
        pool.withTransaction(c -> c.preparedQuery(
                                "update customer set status = $3 where distributor_id = $1 and document = $2")
                        .execute(Tuple.of(d, document, status))
                        .chain(() -> withEvent
                                ? c.preparedQuery("insert into event_group (id, distributor_id, time, n, ids, types,"
                                                + " subjects, times, data) values ($1, $2, now(), 1, array[$1::uuid],"
                                                + " array['customer.status_changed'], array[$3::text], array[now()],"
                                                + " array['{}'])")
                                        .execute(Tuple.of(UUID.randomUUID(), d, document))
                                        .replaceWithVoid()
                                : io.smallrye.mutiny.Uni.createFrom().voidItem()))
                .await()
                .atMost(TIMEOUT);
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromMemoryWithTheSameAnswer() {
        distributor();
        String document = customer("APV");
        String first = eligibility(document, "10");
        cached(document);
        double before = hits();
        assertEquals(first, eligibility(document, "10"));
        assertTrue(hits() > before, "the repeated question should be a hit");
    }

    @Test
    void theInstanceThatMadeAChangeAnswersWithItAtOnceWhileOthersRead() throws Exception {
        // readers keep asking while the status flips: one may read (and cache) the old state after the
        // change's events were appended but before it committed; the commit must drop that too
        distributor();
        String document = customer("APV");
        cached(document);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int r = 0; r < 4; r++) {
                readers.submit(() -> {
                    while (!stop.get()) {
                        status(document);
                    }
                    return null;
                });
            }
            String expected = "APV";
            for (int i = 0; i < 300; i++) {
                expected = expected.equals("APV") ? "RPV" : "APV";
                as(key).body(Map.of("status", expected))
                        .put("/v1/distributors/" + d + "/customers/" + document + "/status")
                        .then()
                        .statusCode(200);
                assertEquals(expected, status(document), "change " + i + " not seen by the instance that made it");
            }
        } finally {
            stop.set(true);
            readers.shutdown();
            readers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aChangeCommittedElsewhereArrivesThroughTheEventLogAndOnlyThrough() {
        distributor();
        String silent = customer("APV");
        String announced = customer("APV");
        cached(silent);
        cached(announced);

        // without an event nothing tells the instance: its trusted cache keeps the answer it read
        statusElsewhere(silent, "RPV", false);
        // with one, the sequencer numbers it, every instance reads it and drops the snapshot
        double invalidations = metric("aval_eligibility_cache_invalidations_total");
        statusElsewhere(announced, "RPV", true);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> "RPV".equals(status(announced)));
        assertTrue(metric("aval_eligibility_cache_invalidations_total") > invalidations);
        assertEquals("APV", status(silent), "a change without its event must not have been seen (no TTL)");
        statusElsewhere(silent, "APV", false); // as it was: the test leaves no lie in the database
    }

    @Test
    void aHoldPassingItsExpiryIsAppliedByTheClockAtAnswerTime() {
        distributor();
        String document = customer("APV");
        String account = as(key).body(
                        Map.of("document", document, "email", "compras@cliente.com.br", "creditLimit", "1000.00"))
                .post("/v1/distributors/" + d + "/credit-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(key).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", "600.00", "orderId", "o-" + UUID.randomUUID()))
                .post("/v1/distributors/" + d + "/credit-accounts/" + account + "/holds")
                .then()
                .statusCode(201);
        String refused = eligibility(document, "500.00");
        assertTrue(refused.contains("CREDIT_INSUFFICIENT"), refused);
        cached(document);
        assertTrue(eligibility(document, "500.00").contains("CREDIT_INSUFFICIENT"));

        clock.advance(Duration.ofDays(8)); // past the hold's default expiresAt (P7D)
        assertTrue(
                !eligibility(document, "500.00").contains("CREDIT_INSUFFICIENT"),
                "the expired hold still counted in a cached answer");
    }

    @Test
    void withoutItsNotificationsTheInstanceAnswersFromTheDatabaseThenResynchronises() {
        distributor();
        String document = customer("APV");
        cached(document);
        double resyncs = metric("aval_eligibility_cache_resyncs_total");

        pool.query("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where query like 'listen aval_events_sequenced; listen aval_eligibility_beat%'")
                .execute()
                .await()
                .atMost(TIMEOUT);
        // no event: only an instance that distrusts its cache sees this
        statusElsewhere(document, "RPV", false);
        Awaitility.await()
                .atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> "RPV".equals(status(document)));

        Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> metric("aval_eligibility_cache_resyncs_total") > resyncs
                        && metric("aval_eligibility_cache_trusted") == 1);
        assertEquals("RPV", status(document));
        cached(document);
        assertEquals("RPV", status(document));
    }
}
