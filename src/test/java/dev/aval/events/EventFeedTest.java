package dev.aval.events;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.platform.EventLog;
import dev.aval.platform.EventType;
import dev.aval.support.AvalTest;
import dev.aval.support.Sql;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@AvalTest
class EventFeedTest {

    @Inject
    Pool pool;

    @Inject
    EventLog log;

    @Inject
    EventPurge purge;

    private static String customers(String d) {
        return "/v1/distributors/" + d + "/customers";
    }

    @Test
    void aRegistrationIsACloudEventInTheFeed() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String cpf = newCpf();
        as(key).put(customers(d) + "/" + cpf).then().statusCode(201);

        Map<String, Object> event = Feed.atLeast(key, d, 1).get(0);
        assertEquals("1.0", event.get("specversion"));
        assertEquals("customer.registered", event.get("type"));
        assertEquals("/v1/distributors/" + d, event.get("source"));
        assertEquals(cpf, event.get("subject"));
        assertEquals(1, ((Number) event.get("sequence")).intValue());
        assertNotNull(Instant.parse((String) event.get("time")));
        assertNotNull(java.util.UUID.fromString((String) event.get("id")));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) event.get("data");
        assertEquals(cpf, data.get("document"));
        assertEquals("PEN", data.get("status"));
        assertEquals(true, data.get("registered"));
        assertNotNull(data.get("actor"));
        // registering again changes nothing: no second event
        as(key).put(customers(d) + "/" + cpf).then().statusCode(200);
        as(key).put(customers(d) + "/" + newCpf()).then().statusCode(201);
        List<Map<String, Object>> events = Feed.atLeast(key, d, 2);
        assertEquals(2, events.size());
        assertEquals(2, ((Number) events.get(1).get("sequence")).intValue());
    }

    @Test
    void onlyAppliedStatusChangesAreEvents() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String cpf = newCpf();
        Instant t = Instant.now().minusSeconds(60);
        as(key).body(Map.of("status", "APV", "reason", "score ok", "occurredAt", t.toString()))
                .put(customers(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("APPLIED"));
        as(key).body(Map.of("status", "APV", "occurredAt", t.plusSeconds(1).toString()))
                .put(customers(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("UNCHANGED"));
        as(key).body(Map.of("status", "RPV", "occurredAt", t.minusSeconds(5).toString()))
                .put(customers(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("STALE"));
        as(key).body(Map.of(
                        "status",
                        "RPV",
                        "reason",
                        "overdue elsewhere",
                        "occurredAt",
                        t.plusSeconds(2).toString()))
                .put(customers(d) + "/" + cpf + "/status")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("APPLIED"));
        // a batch: one applied, one unchanged
        String other = newCpf();
        as(key).body(Map.of(
                        "items",
                        List.of(
                                Map.of("document", other, "status", "APV"),
                                Map.of("document", other, "status", "APV"))))
                .post(customers(d) + "/statuses")
                .then()
                .statusCode(200);

        // created by its first update: registered, then status_changed; then the RPV; then the batch's pair
        List<Map<String, Object>> events = Feed.atLeast(key, d, 5);
        List<String> types = events.stream().map(e -> (String) e.get("type")).toList();
        assertEquals(
                List.of(
                        "customer.registered",
                        "customer.status_changed",
                        "customer.status_changed",
                        "customer.registered",
                        "customer.status_changed"),
                types);
        List<Map<String, Object>> changes = Feed.data(events, "customer.status_changed");
        assertEquals("APV", changes.get(0).get("status"));
        assertNull(changes.get(0).get("previousStatus"));
        assertEquals("score ok", changes.get(0).get("reason"));
        assertEquals("RPV", changes.get(1).get("status"));
        assertEquals("APV", changes.get(1).get("previousStatus"));
        assertEquals("overdue elsewhere", changes.get(1).get("reason"));
        assertEquals(cpf, changes.get(1).get("document"));
        assertNotNull(changes.get(1).get("actor"));
        assertEquals(other, changes.get(2).get("document"));
        // nothing more came: the UNCHANGED and STALE updates made no event
        JsonPath after = Feed.page(key, d, ((Number) events.get(4).get("sequence")).longValue());
        assertEquals(0, after.getList("items").size());
    }

    @Test
    void aSettingsChangeIsDistributorUpdatedAndANoOpPutIsNot() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        admin().body(Map.of("name", "Test " + d))
                .put("/v1/distributors/" + d)
                .then()
                .statusCode(200);
        admin().body(Map.of("name", "Test " + d, "overdueGraceDays", 7))
                .put("/v1/distributors/" + d)
                .then()
                .statusCode(200);
        Map<String, Object> event = Feed.atLeast(key, d, 1).get(0);
        assertEquals("distributor.updated", event.get("type"));
        assertEquals(d, event.get("subject"));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) event.get("data");
        assertEquals(7, data.get("overdueGraceDays"));
        assertEquals("admin", data.get("actor"));
        assertEquals(0, Feed.page(key, d, 1).getList("items").size());
    }

    /**
     * The change fails at its commit (a deferred trigger refuses it) after its event was appended
     * in the same transaction: neither the change nor the event exists.
     */
    @Test
    void aRolledBackChangeLeavesNoEvent() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String marker = "refused-at-commit-" + d;
        pool.query("""
                create or replace function refuse_marked() returns trigger language plpgsql as $$
                begin
                  if new.reason like 'refused-at-commit-%' then raise exception 'refused at commit'; end if;
                  return new;
                end $$""").execute().await().atMost(TIMEOUT);
        pool.query("""
                create constraint trigger refuse_marked after insert on customer_status_change
                deferrable initially deferred for each row execute function refuse_marked()""").execute().await().atMost(TIMEOUT);
        try {
            String cpf = newCpf();
            as(key).body(Map.of("status", "APV", "reason", marker))
                    .put(customers(d) + "/" + cpf + "/status")
                    .then()
                    .statusCode(500);
            as(key).get(customers(d) + "/" + cpf).then().statusCode(404);
            // a change that commits afterwards is the distributor's first and only event
            String ok = newCpf();
            as(key).put(customers(d) + "/" + ok).then().statusCode(201);
            List<Map<String, Object>> events = Feed.atLeast(key, d, 1);
            assertEquals(1, events.size());
            assertEquals(ok, events.get(0).get("subject"));
            assertEquals(1L, count("select coalesce(sum(n), 0) from event_group where distributor_id = $1", d));
        } finally {
            pool.query("drop trigger refuse_marked on customer_status_change")
                    .execute()
                    .await()
                    .atMost(TIMEOUT);
        }
    }

    /**
     * Many transactions append events at once, a fifth of them waiting before they commit (so
     * they commit after others that began later), while a reader follows the feed with after=.
     * The reader sees every event exactly once, numbered 1..N without gaps: none committed
     * "behind" its cursor.
     */
    @Test
    void concurrentWritersNeverMakeAReaderSkipAnEvent() throws Exception {
        String d = newDistributor();
        String key = key(d, "READ_ONLY");
        int writers = 300;
        AtomicBoolean done = new AtomicBoolean();
        Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Uni<Void>> all = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int n = i;
            long delay = n % 5 == 0 ? ThreadLocalRandom.current().nextLong(20, 400) : 0;
            all.add(pool.withTransaction(conn -> log.append(
                                    conn,
                                    d,
                                    EventType.CUSTOMER_REGISTERED,
                                    "s" + n,
                                    Map.of("n", n),
                                    null,
                                    "test",
                                    Instant.now())
                            .chain(() -> delay == 0
                                    ? Uni.createFrom().voidItem()
                                    : Uni.createFrom()
                                            .voidItem()
                                            .onItem()
                                            .delayIt()
                                            .by(Duration.ofMillis(delay))))
                    .invoke(() -> written.add("s" + n)));
        }
        CompletableFuture<Void> writing = Uni.join()
                .all(all)
                .andFailFast()
                .replaceWithVoid()
                .subscribeAsCompletionStage()
                .whenComplete((v, e) -> done.set(true));

        List<Long> sequences = new ArrayList<>();
        Set<String> subjects = new HashSet<>();
        long[] after = {0};
        Awaitility.await()
                .atMost(TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    JsonPath page = as(key).queryParam("after", after[0])
                            .queryParam("limit", 37)
                            .get(Feed.path(d))
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    for (Map<String, Object> e : page.<Map<String, Object>>getList("items")) {
                        sequences.add(((Number) e.get("sequence")).longValue());
                        assertTrue(subjects.add((String) e.get("subject")), "seen twice: " + e.get("subject"));
                    }
                    after[0] = page.getLong("nextAfter");
                    return done.get() && subjects.size() >= writers;
                });
        writing.get();
        assertEquals(written, subjects);
        for (int i = 0; i < sequences.size(); i++) {
            assertEquals(i + 1, sequences.get(i), "sequences are 1..N in order, without gaps");
        }
    }

    @Test
    void typesFilterAndPagingFollowTheSequence() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        for (int i = 0; i < 3; i++) {
            as(key).body(Map.of("status", "APV"))
                    .put(customers(d) + "/" + newCpf() + "/status")
                    .then()
                    .statusCode(200);
        }
        Feed.atLeast(key, d, 6);
        JsonPath page = as(key).queryParam("types", "customer.status_changed")
                .queryParam("limit", 2)
                .get(Feed.path(d))
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .extract()
                .jsonPath();
        assertEquals(List.of(2, 4), page.getList("items.sequence"));
        assertEquals(4, page.getLong("nextAfter"));
        // the rest: one status change; the page is not full, so nextAfter is the newest number examined
        as(key).queryParam("types", "customer.status_changed")
                .queryParam("after", 4)
                .get(Feed.path(d))
                .then()
                .statusCode(200)
                .body("items.sequence", equalTo(List.of(6)))
                .body("nextAfter", equalTo(6));
        as(key).queryParam("types", "hold.placed, customer.registered")
                .queryParam("after", 5)
                .get(Feed.path(d))
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("nextAfter", equalTo(6));
        as(key).queryParam("after", 100)
                .get(Feed.path(d))
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("nextAfter", equalTo(100));
    }

    @Test
    void theEventsOfOneAppendAreNumberedAsARangeAndPagedOneByOne() {
        String d = newDistributor();
        String other = newDistributor();
        String key = key(d, "INTEGRATION");
        Instant now = Instant.now();
        // one transaction, two distributors interleaved: a group each, in the order of their events
        List<EventLog.Event> mixed = new ArrayList<>();
        for (String subject : List.of("a", "x", "b", "c", "y", "d", "e")) {
            String owner = subject.compareTo("x") < 0 ? d : other;
            EventType type = subject.equals("c") ? EventType.CUSTOMER_REGISTERED : EventType.CUSTOMER_STATUS_CHANGED;
            mixed.add(new EventLog.Event(owner, type, subject, Map.of("n", subject), null, "test", now));
        }
        pool.withTransaction(c -> log.appendAll(c, mixed)).await().atMost(TIMEOUT);
        // then one distributor's four events
        List<EventLog.Event> batch = new ArrayList<>();
        for (String subject : List.of("f", "g", "h", "i")) {
            batch.add(new EventLog.Event(
                    d, EventType.CUSTOMER_STATUS_CHANGED, subject, Map.of("n", subject), null, "test", now));
        }
        pool.withTransaction(c -> log.appendAll(c, batch)).await().atMost(TIMEOUT);

        List<Map<String, Object>> all = Feed.atLeast(key, d, 9);
        assertEquals(
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"),
                all.stream().map(e -> e.get("subject")).toList());
        assertEquals(
                List.of(1, 2, 3, 4, 5, 6, 7, 8, 9),
                all.stream().map(e -> ((Number) e.get("sequence")).intValue()).toList());
        assertEquals(9, all.stream().map(e -> e.get("id")).distinct().count(), "each event its own id");
        assertEquals(
                List.of("x", "y"),
                Feed.atLeast(key(other, "INTEGRATION"), other, 2).stream()
                        .map(e -> e.get("subject"))
                        .toList());
        assertEquals(2L, count("select count(*) from event_group where distributor_id = $1", d), "a row per append");
        // pages start and end inside a group, and cross from one group to the next
        as(key).queryParam("after", 3)
                .queryParam("limit", 3)
                .get(Feed.path(d))
                .then()
                .statusCode(200)
                .body("items.subject", equalTo(List.of("d", "e", "f")))
                .body("items.sequence", equalTo(List.of(4, 5, 6)))
                .body("nextAfter", equalTo(6));
        // a type filter picks events out of a group
        as(key).queryParam("types", "customer.registered")
                .get(Feed.path(d))
                .then()
                .statusCode(200)
                .body("items.subject", equalTo(List.of("c")))
                .body("items.sequence", equalTo(List.of(3)));
        // each event's data is its own
        assertEquals(
                List.of("a", "b", "c", "d", "e", "f", "g", "h", "i"),
                all.stream().map(e -> ((Map<?, ?>) e.get("data")).get("n")).toList());
    }

    @Test
    void badParametersAre400NamingThem() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        Map<String, String> bad = Map.of("after", "-1", "types", "customer.deleted", "limit", "501", "wait", "PT1M");
        bad.forEach((name, value) -> as(key).queryParam(name, value)
                .get(Feed.path(d))
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo(name)));
        as(key).queryParam("after", "x")
                .get(Feed.path(d))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("after"));
        as(key).queryParam("types", "webhook.test").get(Feed.path(d)).then().statusCode(400);
    }

    @Test
    void checkoutKeysMayNotReadTheFeed() {
        String d = newDistributor();
        as(key(d, "CHECKOUT")).get(Feed.path(d)).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        as(key(d, "READ_ONLY")).get(Feed.path(d)).then().statusCode(200);
        as(key(d, "INTEGRATION")).get(Feed.path(d)).then().statusCode(200);
        admin().get(Feed.path(d))
                .then()
                .statusCode(200)
                .body("items", hasSize(0))
                .body("nextAfter", equalTo(0));
    }

    @Test
    void readingFromBeforeWhatWasPurgedIs410() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        for (int i = 0; i < 3; i++) {
            as(key).put(customers(d) + "/" + newCpf()).then().statusCode(201);
        }
        Feed.atLeast(key, d, 3);
        // the first two are older than the retention
        pool.preparedQuery("update event_group set time = now() - interval '31 days'"
                        + " where distributor_id = $1 and last_sequence <= 2")
                .execute(Tuple.of(d))
                .await()
                .atMost(TIMEOUT);
        assertTrue(purge.purge().await().atMost(TIMEOUT) >= 2);

        as(key).queryParam("after", 1)
                .get(Feed.path(d))
                .then()
                .statusCode(410)
                .contentType("application/problem+json")
                .body("code", equalTo("EVENTS_EXPIRED"));
        as(key).queryParam("after", 2)
                .get(Feed.path(d))
                .then()
                .statusCode(200)
                .body("items.sequence", equalTo(List.of(3)));
        // from 0: everything still kept
        as(key).get(Feed.path(d)).then().statusCode(200).body("items.sequence", equalTo(List.of(3)));
    }

    @Test
    void aLongPollWaitsForTheNextEventAndAnswersAsSoonAsItIsNumbered() throws Exception {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        long start = System.nanoTime();
        as(key).queryParam("wait", "PT1S")
                .get(Feed.path(d))
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
        assertTrue(System.nanoTime() - start >= 900_000_000L, "an empty long poll waits");

        long polled = System.nanoTime();
        CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> as(key).queryParam("wait", "PT8S")
                .get(Feed.path(d))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath());
        Awaitility.await().atMost(TIMEOUT).pollDelay(Duration.ofMillis(500)).until(() -> true);
        assertTrue(!poll.isDone(), "still waiting for an event");
        as(key).put(customers(d) + "/" + newCpf()).then().statusCode(201);
        JsonPath page = poll.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        long millis = (System.nanoTime() - polled) / 1_000_000;
        assertEquals(1, page.getList("items").size());
        assertTrue(millis < 5000, "answered after " + millis + " ms, not at the end of the wait");
    }

    private long count(String sql, String d) {
        return d == null ? Sql.count(pool, sql) : Sql.count(pool, sql, d);
    }
}
