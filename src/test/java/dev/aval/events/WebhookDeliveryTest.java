package dev.aval.events;

import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import dev.aval.support.Sql;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deliveries to a real receiver on loopback. The tests run with aval.webhooks.retry-delays
 * PT1S,PT2S and a 2 s timeout (application.properties, %test); the 24 h and 3 day windows are
 * reached by moving the stored start of the window back, not by waiting.
 */
@AvalTest
class WebhookDeliveryTest {

    @Inject
    Pool pool;

    private Receiver receiver;
    private volatile boolean failing = true;
    private String d;
    private String key;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new Receiver();
        d = newDistributor();
        key = key(d, "INTEGRATION");
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private String customers() {
        return "/v1/distributors/" + d + "/customers";
    }

    private void status(String cpf, String status) {
        as(key).body(Map.of("status", status))
                .put(customers() + "/" + cpf + "/status")
                .then()
                .statusCode(200);
    }

    private void awaitHits(String path, int count) {
        Awaitility.await().atMost(TIMEOUT).until(() -> receiver.at(path).size() >= count);
    }

    /** The endpoint's first delivery, once its first attempt is recorded. */
    private void awaitFirstAttempt(String id) {
        Hooks.awaitDeliveries(key, d, id, l -> l.size() == 1 && l.get(0).get("lastResponseStatus") != null);
    }

    /** Runs an update of the stored endpoint or its deliveries ({@code $1}: the endpoint's id). */
    private void update(String id, String sql) {
        pool.preparedQuery(sql).execute(Tuple.of(UUID.fromString(id))).await().atMost(TIMEOUT);
    }

    /**
     * Once the endpoint's first attempt failed, its streak is dated four days back (its last failure
     * now): the next failure disables it.
     */
    private void disabledAfterFourDaysOfFailures(String id) {
        awaitFirstAttempt(id);
        update(
                id,
                "update webhook_endpoint set failing_since = failing_since - interval '4 days',"
                        + " last_failed_at = now() where id = $1");
        awaitStatus(id, "DISABLED");
    }

    private void awaitStatus(String id, String status) {
        Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> status.equals(as(key).get(Hooks.path(d) + "/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("status")));
    }

    /** The endpoint's new secret, once rotated. */
    private String rotated(String webhookId) {
        return as(key).post(Hooks.path(d) + "/" + webhookId + "/rotate-secret")
                .then()
                .statusCode(200)
                .extract()
                .path("secret");
    }

    /** A new customer's document, once created. */
    private String newCustomer() {
        String cpf = newCpf();
        as(key).put(customers() + "/" + cpf).then().statusCode(201);
        return cpf;
    }

    /** The first hit at {@code path} about {@code subject}, once it came. */
    private Receiver.Hit hitAbout(String path, String subject) {
        return Awaitility.await()
                .atMost(TIMEOUT)
                .until(
                        () -> receiver.at(path).stream()
                                .filter(h -> subject.equals(new JsonPath(h.body).getString("subject")))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .get();
    }

    @Test
    void eachEventArrivesSignedAsTheFeedHasIt() throws Exception {
        JsonPath hook = Hooks.register(key, d, receiver.url("/a"), null);
        String cpf = newCpf();
        as(key).put(customers() + "/" + cpf).then().statusCode(201);
        awaitHits("/a", 1);

        Receiver.Hit hit = receiver.at("/a").get(0);
        assertTrue(
                Hooks.signedWith(hook.getString("secret"), hit),
                "signature verifies: " + hit.header("webhook-signature"));
        assertTrue(hit.header("content-type").startsWith("application/json"));
        long timestamp = Long.parseLong(hit.header("webhook-timestamp"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60);
        JsonPath body = new JsonPath(hit.body);
        Map<String, Object> event = Feed.atLeast(key, d, 1).get(0);
        assertEquals(event.get("id"), hit.header("webhook-id"));
        assertEquals(event.get("id"), body.getString("id"));
        assertEquals("customer.registered", body.getString("type"));
        assertEquals("1.0", body.getString("specversion"));
        assertEquals(1, body.getInt("sequence"));
        assertEquals(cpf, body.getString("subject"));
        assertEquals(cpf, body.getString("data.document"));
        // a tampered body does not verify
        Receiver.Hit forged = new Receiver.Hit(hit.path, hit.headers, hit.body.replace(cpf, newCpf()), hit.at);
        assertTrue(!Hooks.signedWith(hook.getString("secret"), forged));

        List<Map<String, Object>> log = Hooks.awaitDeliveries(
                key,
                d,
                hook.getString("id"),
                l -> l.size() == 1 && "SUCCEEDED".equals(l.get(0).get("status")));
        assertEquals(1, log.get(0).get("attempts"));
        assertEquals(200, log.get(0).get("lastResponseStatus"));
        assertEquals(event.get("id"), log.get(0).get("eventId"));
        assertNull(log.get(0).get("nextAttemptAt"));
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("aval_webhook_deliveries_total{outcome=\"SUCCEEDED\"}"), "deliveries by outcome");
        assertTrue(metrics.contains("aval_webhook_delivery_lag_seconds_bucket"), "lag histogram");
        assertTrue(metrics.matches("(?s).*\\naval_webhook_claims_seconds_count [1-9].*"), "claims timed");
    }

    @Test
    void onlyTheTypesAnEndpointAskedForAreSent() {
        Hooks.register(key, d, receiver.url("/changes"), List.of("customer.status_changed"));
        Hooks.register(key, d, receiver.url("/all"), null);
        status(newCpf(), "APV");
        awaitHits("/all", 2);
        awaitHits("/changes", 1);
        Feed.atLeast(key, d, 2);
        Awaitility.await().pollDelay(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> true);
        assertEquals(
                List.of("customer.status_changed"),
                receiver.at("/changes").stream()
                        .map(h -> new JsonPath(h.body).getString("type"))
                        .toList());
    }

    @Test
    void aFailingEndpointIsRetriedOnTheConfiguredScheduleUntilItAnswers() {
        AtomicInteger calls = new AtomicInteger();
        receiver.behaviour =
                hit -> calls.incrementAndGet() <= 2 ? Receiver.Answer.status(500) : Receiver.Answer.status(204);
        JsonPath hook = Hooks.register(key, d, receiver.url("/flaky"), null);
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);

        List<Map<String, Object>> pending = Hooks.awaitDeliveries(
                key,
                d,
                hook.getString("id"),
                l -> l.size() == 1
                        && ((Integer) l.get(0).get("attempts")) >= 1
                        && l.get(0).get("lastResponseStatus") != null
                        && "PENDING".equals(l.get(0).get("status")));
        assertEquals(500, pending.get(0).get("lastResponseStatus"));
        assertTrue(((String) pending.get(0).get("lastError")).contains("500"));
        assertNotNull(pending.get(0).get("nextAttemptAt"));
        assertEquals(
                1, Hooks.deliveries(key, d, hook.getString("id"), "PENDING").size());

        List<Map<String, Object>> done = Hooks.awaitDeliveries(
                key, d, hook.getString("id"), l -> "SUCCEEDED".equals(l.get(0).get("status")));
        assertEquals(3, done.get(0).get("attempts"));
        assertEquals(204, done.get(0).get("lastResponseStatus"));
        assertNull(done.get(0).get("lastError"));
        List<Receiver.Hit> hits = receiver.at("/flaky");
        assertEquals(3, hits.size());
        // delays PT1S then PT2S, each -20 % at worst
        assertTrue(Duration.between(hits.get(0).at, hits.get(1).at).toMillis() >= 800, "first retry after ~1 s");
        assertTrue(Duration.between(hits.get(1).at, hits.get(2).at).toMillis() >= 1600, "second retry after ~2 s");
        assertEquals(hits.get(0).header("webhook-id"), hits.get(2).header("webhook-id"));
        assertEquals(0, Hooks.deliveries(key, d, hook.getString("id"), "FAILED").size());
    }

    @Test
    void anEndpointThatHangsIsGivenUpOnAfterTheTimeoutAndRetried() {
        AtomicInteger calls = new AtomicInteger();
        receiver.behaviour =
                hit -> calls.incrementAndGet() == 1 ? Receiver.Answer.hangs() : Receiver.Answer.status(200);
        JsonPath hook = Hooks.register(key, d, receiver.url("/slow"), null);
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);
        List<Map<String, Object>> log = Hooks.awaitDeliveries(
                key,
                d,
                hook.getString("id"),
                l -> l.size() == 1 && "SUCCEEDED".equals(l.get(0).get("status")));
        assertEquals(2, log.get(0).get("attempts"));
        List<Receiver.Hit> hits = receiver.at("/slow");
        assertEquals(2, hits.size());
        // the 2 s timeout, then the 1 s retry delay (-20 %)
        assertTrue(Duration.between(hits.get(0).at, hits.get(1).at).toMillis() >= 2500);
    }

    @Test
    void noAttemptOutlivesItsTimeoutEvenWaitingForAConnection() {
        // more attempts at once than the 16 connections to one host, each answered with a body that
        // never ends at first: an attempt still waiting for a connection when its timeout ends it
        // must not be sent when one frees up — sent then, nothing would ever cut it (its attempt is
        // over), and it would hold the connection and reach the receiver beside its own retry
        long trickleUntil = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        receiver.behaviour =
                hit -> System.nanoTime() < trickleUntil ? Receiver.Answer.trickle() : Receiver.Answer.status(200);
        Hooks.register(key, d, receiver.url("/crowded"), null);
        for (int i = 0; i < 40; i++) {
            as(key).put(customers() + "/" + newCpf()).then().statusCode(201);
        }
        String succeeded = "select count(*) from webhook_delivery w join webhook_endpoint e on e.id = w.endpoint_id"
                + " where e.distributor_id = $1 and w.status = 'SUCCEEDED'";
        Awaitility.await().atMost(TIMEOUT).until(() -> Sql.count(pool, succeeded, d) == 40);

        List<Receiver.Hit> trickled =
                receiver.at("/crowded").stream().filter(h -> h.answered == 0).toList();
        assertTrue(trickled.size() >= 16, "the first attempts filled the pool: " + trickled.size());
        // the 2 s timeout cuts every attempt that was sent; a byte every 50 ms tells the receiver soon
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertEquals(
                        List.of(),
                        trickled.stream()
                                .filter(h -> h.readForMillis < 0 || h.readForMillis > 4_000)
                                .map(h -> h.header("webhook-id") + " read for " + h.readForMillis + " ms")
                                .toList()));
    }

    @Test
    void redirectsAreNotFollowedAndLongAnswersAreNotReadToTheEnd() {
        receiver.behaviour = hit -> hit.path.equals("/moved")
                ? Receiver.Answer.redirect(receiver.url("/elsewhere"))
                : Receiver.Answer.endlessBody();
        JsonPath moved = Hooks.register(key, d, receiver.url("/moved"), null);
        JsonPath endless = Hooks.register(key, d, receiver.url("/endless"), null);
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);

        List<Map<String, Object>> log = Hooks.awaitDeliveries(
                key, d, moved.getString("id"), l -> l.size() == 1 && l.get(0).get("lastResponseStatus") != null);
        assertEquals(302, log.get(0).get("lastResponseStatus"));
        assertEquals("PENDING", log.get(0).get("status"));
        // 10 MiB offered, 4 KiB read: a success at the first attempt, well within the timeout
        List<Map<String, Object>> read = Hooks.awaitDeliveries(
                key,
                d,
                endless.getString("id"),
                l -> l.size() == 1 && "SUCCEEDED".equals(l.get(0).get("status")));
        assertEquals(1, read.get(0).get("attempts"));
        assertEquals(0, receiver.at("/elsewhere").size());
    }

    @Test
    void eventsOfOneSubjectArriveInOrderWhileOtherSubjectsGoOn() {
        String a = newCpf();
        String b = newCpf();
        AtomicInteger attemptsOfFirst = new AtomicInteger();
        receiver.behaviour = hit -> {
            JsonPath body = new JsonPath(hit.body);
            if (body.getString("subject").equals(a)
                    && body.getInt("sequence") == 1
                    && attemptsOfFirst.incrementAndGet() <= 2) {
                return Receiver.Answer.status(503);
            }
            return Receiver.Answer.status(200);
        };
        JsonPath hook = Hooks.register(key, d, receiver.url("/ordered"), null);
        as(key).put(customers() + "/" + a).then().statusCode(201); // 1: a registered
        status(a, "APV"); // 2: a status_changed
        status(a, "RPV"); // 3
        status(b, "APV"); // 4, 5: b registered, status_changed
        Hooks.awaitDeliveries(
                key,
                d,
                hook.getString("id"),
                l -> l.size() == 5 && l.stream().allMatch(x -> "SUCCEEDED".equals(x.get("status"))));

        List<Receiver.Hit> hits = receiver.at("/ordered");
        List<Integer> ofA = hits.stream()
                .filter(h -> new JsonPath(h.body).getString("subject").equals(a))
                .map(h -> new JsonPath(h.body).getInt("sequence"))
                .toList();
        // a's first event twice refused, then accepted; only then its later events, in order
        assertEquals(List.of(1, 1, 1, 2, 3), ofA);
        // b did not wait for a's retries
        Instant firstOfB = hits.stream()
                .filter(h -> new JsonPath(h.body).getString("subject").equals(b))
                .findFirst()
                .orElseThrow()
                .at;
        Instant acceptedA1 = hits.stream()
                .filter(h -> new JsonPath(h.body).getString("subject").equals(a))
                .skip(2)
                .findFirst()
                .orElseThrow()
                .at;
        assertTrue(firstOfB.isBefore(acceptedA1), "another subject is not held up by a's failures");
    }

    @Test
    void aBacklogOfManyBatchesArrivesOncePerEventAndInOrderPerSubject() {
        receiver.behaviour = hit -> {
            try {
                Thread.sleep(5); // attempts stay in flight: the batches of the backlog overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Receiver.Answer.status(200);
        };
        Hooks.register(key, d, receiver.url("/backlog"), null);
        List<String> documents = IntStream.range(0, 80).mapToObj(i -> newCpf()).toList();
        for (String status : List.of("APV", "RPV", "APV")) {
            as(key).body(Map.of(
                            "items",
                            documents.stream()
                                    .map(doc -> Map.of("document", doc, "status", status))
                                    .toList()))
                    .post(customers() + "/statuses")
                    .then()
                    .statusCode(200);
        }
        // 80 registered and 240 status changes: ten batches of 32, several in flight at a time
        assertEquals(320, Sql.count(pool, "select coalesce(sum(n), 0) from event_group where distributor_id = $1", d));
        Awaitility.await()
                .atMost(TIMEOUT)
                .until(() -> Sql.count(
                                pool,
                                "select count(*) from webhook_delivery w join webhook_endpoint e on e.id = w.endpoint_id"
                                        + " where e.distributor_id = $1 and w.status = 'SUCCEEDED'",
                                d)
                        == 320);

        List<Receiver.Hit> hits = receiver.at("/backlog");
        assertEquals(320, hits.size(), "each event once");
        assertEquals(
                320, hits.stream().map(h -> h.header("webhook-id")).distinct().count());
        Map<String, List<Integer>> bySubject = new HashMap<>();
        for (Receiver.Hit h : hits) {
            JsonPath body = new JsonPath(h.body);
            bySubject
                    .computeIfAbsent(body.getString("subject"), s -> new ArrayList<>())
                    .add(body.getInt("sequence"));
        }
        assertEquals(80, bySubject.size());
        bySubject.forEach((subject, sequences) -> {
            assertEquals(4, sequences.size(), subject);
            assertEquals(sequences.stream().sorted().toList(), sequences, "in order for " + subject);
        });
    }

    @Test
    void afterARotationBothSecretsSign() throws Exception {
        JsonPath hook = Hooks.register(key, d, receiver.url("/rotated"), null);
        String old = hook.getString("secret");
        String fresh = as(key).post(Hooks.path(d) + "/" + hook.getString("id") + "/rotate-secret")
                .then()
                .statusCode(200)
                .extract()
                .path("secret");
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);
        awaitHits("/rotated", 1);
        Receiver.Hit hit = receiver.at("/rotated").get(0);
        assertEquals(2, hit.header("webhook-signature").split(" ").length);
        assertTrue(Hooks.signedWith(fresh, hit));
        assertTrue(Hooks.signedWith(old, hit));
    }

    @Test
    void rotatingTwiceInADayKeepsEverySecretOfTheDaySigningUpToFive() throws Exception {
        JsonPath hook = Hooks.register(key, d, receiver.url("/rotated-often"), null);
        List<String> secrets = new ArrayList<>(List.of(hook.getString("secret")));
        for (int i = 0; i < 2; i++) {
            secrets.add(rotated(hook.getString("id")));
        }
        Receiver.Hit twice = hitAbout("/rotated-often", newCustomer());
        assertEquals(3, twice.header("webhook-signature").split(" ").length);
        for (String secret : secrets) {
            assertTrue(Hooks.signedWith(secret, twice), "the first secret of the day signs too");
        }

        for (int i = 0; i < 5; i++) {
            secrets.add(rotated(hook.getString("id")));
        }
        Receiver.Hit often = hitAbout("/rotated-often", newCustomer());
        assertEquals(6, often.header("webhook-signature").split(" ").length, "the current one and five previous");
        for (String secret : secrets.subList(secrets.size() - 6, secrets.size())) {
            assertTrue(Hooks.signedWith(secret, often));
        }
        assertTrue(!Hooks.signedWith(secrets.get(0), often), "the oldest past five no longer signs");
    }

    @Test
    void theTestEventGoesOnlyToTheEndpointTestedAndNeverToTheFeed() {
        JsonPath tested = Hooks.register(key, d, receiver.url("/tested"), null);
        Hooks.register(key, d, receiver.url("/other"), null);
        JsonPath delivery = as(key).post(Hooks.path(d) + "/" + tested.getString("id") + "/test")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        assertEquals("webhook.test", delivery.getString("type"));
        awaitHits("/tested", 1);
        JsonPath body = new JsonPath(receiver.at("/tested").get(0).body);
        assertEquals("webhook.test", body.getString("type"));
        assertEquals(tested.getString("id"), body.getString("data.webhookId"));
        assertEquals(delivery.getString("eventId"), body.getString("id"));
        Hooks.awaitDeliveries(
                key, d, tested.getString("id"), l -> "SUCCEEDED".equals(l.get(0).get("status")));
        assertEquals(0, receiver.at("/other").size());
        as(key).get(Feed.path(d)).then().statusCode(200).body("items", org.hamcrest.Matchers.hasSize(0));
    }

    /**
     * A worker recording an attempt holds the delivery's row, then asks for its endpoint's
     * (DeliveryRepository): a deletion of the endpoint meanwhile waits for it, and neither
     * deadlocks (the deletion used to lock the endpoint first, then wait for the delivery).
     */
    @Test
    void deletingAnEndpointWhileAnAttemptIsRecordedWaitsForItWithoutADeadlock() throws Exception {
        receiver.behaviour = hit -> Receiver.Answer.status(200);
        String id = Hooks.register(key, d, receiver.url("/deleted"), null).getString("id");
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);
        Hooks.awaitDeliveries(
                key, d, id, l -> l.size() == 1 && "SUCCEEDED".equals(l.get(0).get("status")));
        UUID endpoint = UUID.fromString(id);
        SqlConnection worker = pool.getConnection().await().atMost(TIMEOUT);
        try {
            Transaction attempt = worker.begin().await().atMost(TIMEOUT);
            worker.preparedQuery("update webhook_delivery set updated_at = now() where endpoint_id = $1")
                    .execute(Tuple.of(endpoint))
                    .await()
                    .atMost(TIMEOUT);
            CompletableFuture<Integer> deletion = CompletableFuture.supplyAsync(() ->
                    as(key).delete(Hooks.path(d) + "/" + id).then().extract().statusCode());
            Awaitility.await().atMost(TIMEOUT).until(this::aDeletionWaitsOnALock);

            worker.preparedQuery("select 1 from webhook_endpoint where id = $1 for update")
                    .execute(Tuple.of(endpoint))
                    .await()
                    .atMost(TIMEOUT);
            attempt.commit().await().atMost(TIMEOUT);

            assertEquals(204, deletion.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            as(key).get(Hooks.path(d) + "/" + id).then().statusCode(404);
        } finally {
            worker.close().await().atMost(TIMEOUT);
        }
    }

    /** Deleting names the caller's own distributor: another's webhook id there deletes nothing of it, deliveries included. */
    @Test
    void anotherDistributorsWebhookIdDeletesNothing() {
        receiver.behaviour = hit -> Receiver.Answer.status(200);
        String id = Hooks.register(key, d, receiver.url("/kept"), null).getString("id");
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);
        Hooks.awaitDeliveries(
                key, d, id, l -> l.size() == 1 && "SUCCEEDED".equals(l.get(0).get("status")));
        String other = newDistributor();

        as(key(other, "INTEGRATION"))
                .delete(Hooks.path(other) + "/" + id)
                .then()
                .statusCode(404)
                .body("code", equalTo("WEBHOOK_NOT_FOUND"));

        as(key).get(Hooks.path(d) + "/" + id).then().statusCode(200);
        assertEquals(1, Hooks.deliveries(key, d, id, "SUCCEEDED").size(), "its deliveries are kept");
    }

    private boolean aDeletionWaitsOnALock() {
        return Sql.count(
                        pool,
                        "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                                + " and query like 'delete from webhook%'")
                > 0;
    }

    @Test
    void aDeliveryFailingFor24HoursIsFailedAndCanBeRetriedByHand() {
        AtomicInteger calls = new AtomicInteger();
        receiver.behaviour = hit -> {
            calls.incrementAndGet();
            return Receiver.Answer.status(failing ? 500 : 200);
        };
        JsonPath hook = Hooks.register(key, d, receiver.url("/down"), null);
        String id = hook.getString("id");
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);
        awaitFirstAttempt(id);
        // its retry window began 25 hours ago: the next failure gives it up
        pool.preparedQuery(
                        "update webhook_delivery set retry_since = retry_since - interval '25 hours' where endpoint_id = $1")
                .execute(Tuple.of(UUID.fromString(id)))
                .await()
                .atMost(TIMEOUT);
        List<Map<String, Object>> failed =
                Hooks.awaitDeliveries(key, d, id, l -> "FAILED".equals(l.get(0).get("status")));
        assertNull(failed.get(0).get("nextAttemptAt"));
        assertEquals(1, Hooks.deliveries(key, d, id, "FAILED").size());
        assertEquals(0, Hooks.deliveries(key, d, id, "PENDING").size());
        int before = calls.get();

        failing = false;
        as(key).post(Hooks.path(d) + "/" + id + "/deliveries/" + failed.get(0).get("id") + "/retry")
                .then()
                .statusCode(202);
        Hooks.awaitDeliveries(key, d, id, l -> "SUCCEEDED".equals(l.get(0).get("status")));
        assertEquals(before + 1, calls.get());
    }

    private static Map<String, Object> ofType(List<Map<String, Object>> deliveries, String type) {
        return deliveries.stream()
                .filter(x -> type.equals(x.get("type")))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aDeliveryWaitingBehindItsSubjectGetsItsOwnWindowAndAManualRetryRestartsTheSchedule() {
        receiver.behaviour = hit -> Receiver.Answer.status(500);
        JsonPath hook = Hooks.register(key, d, receiver.url("/down"), null);
        String id = hook.getString("id");
        String cpf = newCpf();
        as(key).put(customers() + "/" + cpf).then().statusCode(201);
        status(cpf, "APV"); // the same subject: waits until the registration succeeds or is given up
        Hooks.awaitDeliveries(
                key,
                d,
                id,
                l -> l.size() == 2 && ofType(l, "customer.registered").get("lastResponseStatus") != null);
        // as if the second had waited 25 hours behind the first: both created, and windows dated, then
        update(
                id,
                "update webhook_delivery set retry_since = retry_since - interval '25 hours',"
                        + " created_at = created_at - interval '25 hours' where endpoint_id = $1");
        // the first is given up; the second, tried once only now, is retried in a window of its own
        List<Map<String, Object>> after = Hooks.awaitDeliveries(
                key,
                d,
                id,
                l -> "FAILED".equals(ofType(l, "customer.registered").get("status"))
                        && ofType(l, "customer.status_changed").get("lastResponseStatus") != null);
        Map<String, Object> second = ofType(after, "customer.status_changed");
        assertEquals("PENDING", second.get("status"), second.toString());
        assertEquals(1, second.get("attempts"));

        // retried by hand, the first starts the schedule over: its next failure waits the first
        // delay (PT1S ± 20 %), not the last one (PT2S) its earlier attempts had reached
        Map<String, Object> first = ofType(after, "customer.registered");
        int attempts = (Integer) first.get("attempts");
        assertTrue(attempts >= 2, first.toString());
        as(key).post(Hooks.path(d) + "/" + id + "/deliveries/" + first.get("id") + "/retry")
                .then()
                .statusCode(202);
        Map<String, Object> retried = ofType(
                Hooks.awaitDeliveries(
                        key,
                        d,
                        id,
                        l -> ((Integer) ofType(l, "customer.registered").get("attempts")) > attempts
                                && "PENDING"
                                        .equals(ofType(l, "customer.registered").get("status"))
                                && ofType(l, "customer.registered").get("nextAttemptAt") != null),
                "customer.registered");
        long waits = Duration.between(Instant.parse((String) retried.get("updatedAt")), Instant.parse((String)
                        retried.get("nextAttemptAt")))
                .toMillis();
        assertTrue(waits < 1_500, "the first delay again, not the last: " + waits + " ms");
    }

    @Test
    void aFailureAfterALongSilenceStartsANewStreakInsteadOfDisabling() {
        receiver.behaviour = hit -> Receiver.Answer.status(500);
        JsonPath hook = Hooks.register(key, d, receiver.url("/quiet"), null);
        String id = hook.getString("id");
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);
        awaitFirstAttempt(id);
        // an outage four days ago, then no failure since (its deliveries given up): a silence
        update(
                id,
                "update webhook_endpoint set failing_since = failing_since - interval '4 days',"
                        + " last_failed_at = last_failed_at - interval '4 days' where id = $1");
        int attempts = ((Number) Hooks.deliveries(key, d, id, null).get(0).get("attempts")).intValue();

        // the next failures start a new streak: the endpoint stays enabled
        Hooks.awaitDeliveries(key, d, id, l -> ((Number) l.get(0).get("attempts")).intValue() >= attempts + 2);
        assertEquals(
                "ENABLED",
                as(key).get(Hooks.path(d) + "/" + id).then().extract().path("status"));
        assertEquals(
                1,
                Sql.count(
                        pool,
                        "select count(*) from webhook_endpoint where id = $1::uuid"
                                + " and failing_since > now() - interval '1 minute'",
                        id));
    }

    @Test
    void aTestEventFailingOnADisabledEndpointKeepsItsStreak() {
        receiver.behaviour = hit -> Receiver.Answer.status(500);
        String id = Hooks.register(key, d, receiver.url("/down"), null).getString("id");
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);
        disabledAfterFourDaysOfFailures(id);
        // days later, nothing having failed since, a test of the still broken receiver fails
        update(id, "update webhook_endpoint set last_failed_at = last_failed_at - interval '4 days' where id = $1");
        as(key).post(Hooks.path(d) + "/" + id + "/test").then().statusCode(202);
        Hooks.awaitDeliveries(
                key,
                d,
                id,
                l -> l.stream()
                        .anyMatch(x -> "webhook.test".equals(x.get("type")) && x.get("lastResponseStatus") != null));
        // the streak is the outage's still: enabling will resend what was given up since it began
        assertEquals(
                1,
                Sql.count(
                        pool,
                        "select count(*) from webhook_endpoint where id = $1::uuid"
                                + " and failing_since < now() - interval '3 days'",
                        id));
    }

    @Test
    void anEndpointFailingForThreeDaysIsDisabledAndEnablingResendsWhatItMissed() {
        receiver.behaviour = hit -> Receiver.Answer.status(failing && hit.path.equals("/gone") ? 500 : 200);
        JsonPath hook = Hooks.register(key, d, receiver.url("/gone"), null);
        String id = hook.getString("id");
        JsonPath watcher = Hooks.register(key, d, receiver.url("/watcher"), List.of("webhook.disabled"));
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);
        disabledAfterFourDaysOfFailures(id);
        // meanwhile the delivery that started the streak was given up (24 h of retries): FAILED,
        // created before the streak's first failure was recorded
        update(
                id,
                "update webhook_delivery set status = 'FAILED', lease_until = null,"
                        + " created_at = created_at - interval '4 days', updated_at = now() where endpoint_id = $1");
        List<Map<String, Object>> events = Feed.atLeast(key, d, 2);
        Map<String, Object> disabled = events.get(1);
        assertEquals("webhook.disabled", disabled.get("type"));
        assertEquals(id, disabled.get("subject"));
        awaitHits("/watcher", 1);

        // while disabled: nothing is sent, but its deliveries are kept (the endpoint takes every type:
        // the first registration, webhook.disabled, the second registration)
        failing = false;
        as(key).put(customers() + "/" + newCpf()).then().statusCode(201);
        Feed.atLeast(key, d, 3);
        int sent = receiver.at("/gone").size();
        Hooks.awaitDeliveries(key, d, id, l -> l.size() == 3);
        assertEquals(sent, receiver.at("/gone").size());
        assertEquals(1, receiver.at("/watcher").size());

        // a test event goes out even while disabled: how to check the mended receiver first
        as(key).post(Hooks.path(d) + "/" + id + "/test").then().statusCode(202);
        awaitHits("/gone", sent + 1);
        assertEquals("webhook.test", new JsonPath(receiver.at("/gone").get(sent).body).getString("type"));
        Hooks.awaitDeliveries(
                key,
                d,
                id,
                l -> l.size() == 4
                        && l.stream()
                                .anyMatch(x ->
                                        "webhook.test".equals(x.get("type")) && "SUCCEEDED".equals(x.get("status"))));
        assertEquals(
                "DISABLED",
                as(key).get(Hooks.path(d) + "/" + id).then().extract().path("status"));
        sent++;

        as(key).post(Hooks.path(d) + "/" + id + "/enable")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("ENABLED"));
        Hooks.awaitDeliveries(
                key, d, id, l -> l.size() == 4 && l.stream().allMatch(x -> "SUCCEEDED".equals(x.get("status"))));
        List<String> resent = receiver.at("/gone").stream()
                .skip(sent)
                .map(h -> new JsonPath(h.body).getString("type"))
                .toList();
        assertEquals(3, resent.size(), "each missed event once: " + resent);
        assertTrue(resent.contains("webhook.disabled"));
        assertNotNull(watcher.getString("id"));
    }
}
