package dev.aval.platform;

import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Tuple;

/** The event-loop connections follow the pool's options and its idle/lifetime rules. */
@AvalTest
class EventLoopReadsTest {

    @Inject
    PoolCreator poolCreator;
    @Inject
    Pool pool;
    @Inject
    EventLoopReads reads;
    @Inject
    Vertx vertx;

    private Set<Integer> eventLoopBackends() {
        Set<Integer> pids = new HashSet<>();
        for (Row row : pool.query("select pid from pg_stat_activity where application_name = 'aval-event-loop'")
                .execute().await().atMost(TIMEOUT)) {
            pids.add(row.getInteger("pid"));
        }
        return pids;
    }

    private static void eligibility(String d, String key) {
        as(key).body(Map.of("document", newCpf(), "cartTotal", 1)).post("/v1/distributors/" + d + "/eligibility")
                .then().statusCode(200);
    }

    @Test
    void theConnectionsUseThePoolsOptionsAndLimits() {
        assertEquals("aval-event-loop", poolCreator.connectOptions().getProperties().get("application_name"));
        // application.properties: quarkus.datasource.reactive.idle-timeout=PT5M, max-lifetime=PT30M
        assertEquals(TimeUnit.MINUTES.toNanos(5), poolCreator.lifetime().idleNanos());
        assertEquals(TimeUnit.MINUTES.toNanos(30), poolCreator.lifetime().lifetimeNanos());
    }

    @Test
    void anExpiredConnectionIsReplacedAndClosed() throws InterruptedException {
        String d = newDistributor();
        String key = key(d, "CHECKOUT");
        for (int i = 0; i < 8; i++) {
            eligibility(d, key);
        }
        Set<Integer> before = eventLoopBackends();
        assertFalse(before.isEmpty());
        ConnectionLifetime configured = poolCreator.lifetime;
        try {
            poolCreator.lifetime = new ConnectionLifetime(0, 1); // every connection is past its lifetime
            for (int i = 0; i < 8; i++) {
                eligibility(d, key);
            }
        } finally {
            poolCreator.lifetime = configured;
        }
        eligibility(d, key);
        // a closed connection's backend leaves pg_stat_activity a moment later
        Awaitility.await("old connections closed").atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
                .until(() -> java.util.Collections.disjoint(before, eventLoopBackends()));
        Set<Integer> after = eventLoopBackends();
        assertTrue(java.util.Collections.disjoint(before, after), "old connections still open: " + before + " / " + after);
        assertTrue(after.size() <= before.size() + 1, "connections leaked: " + after);
    }

    /** What one statement of a batch saw: its own rows, the transaction it ran in, the context it was answered on. */
    private record Seen(List<Integer> rows, String transaction, boolean onCallersContext) {
    }

    /**
     * Runs {@code sql} once per argument, each from its own request-like (duplicated) context, in
     * tasks queued together on one event loop — as requests arriving together — once that loop's
     * connection is open and idle.
     */
    private List<CompletableFuture<Seen>> together(String sql, int... arguments) throws Exception {
        Context loop = vertx.getOrCreateContext();
        CompletableFuture<Object> opened = new CompletableFuture<>();
        loop.runOnContext(warm -> reads.execute("select 1", Tuple.tuple(), rows -> rows)
                .subscribe().with(opened::complete, opened::completeExceptionally));
        opened.get(10, TimeUnit.SECONDS);
        List<CompletableFuture<Seen>> answers = new ArrayList<>();
        for (int ignored : arguments) {
            answers.add(new CompletableFuture<>());
        }
        loop.runOnContext(started -> {
            for (int i = 0; i < arguments.length; i++) {
                Context caller = VertxContext.createNewDuplicatedContext(loop);
                Tuple tuple = Tuple.of(arguments[i]);
                CompletableFuture<Seen> answer = answers.get(i);
                caller.runOnContext(run -> reads.execute(sql, tuple, rows -> {
                    List<Integer> values = new ArrayList<>();
                    String transaction = null;
                    for (io.vertx.sqlclient.Row row : rows) {
                        values.add(row.getInteger("value"));
                        transaction = row.getString("tx");
                    }
                    return new Seen(values, transaction, Vertx.currentContext() == caller);
                }).subscribe().with(answer::complete, answer::completeExceptionally));
            }
        });
        return answers;
    }

    @Test
    void theFirstStatementLeavesAtOnceAndThoseQueuedWhileItRunsAsOneBatch() throws Exception {
        List<CompletableFuture<Seen>> answers = together(
                "select $1::int as value, txid_current()::text as tx from generate_series(1, $1::int)", 1, 2, 0, 3, 1);
        List<Seen> seen = new ArrayList<>();
        for (CompletableFuture<Seen> answer : answers) {
            seen.add(answer.get(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1), seen.get(0).rows());
        assertEquals(List.of(2, 2), seen.get(1).rows());
        assertEquals(List.of(), seen.get(2).rows());
        assertEquals(List.of(3, 3, 3), seen.get(3).rows());
        assertEquals(List.of(1), seen.get(4).rows());
        // nothing in flight: the first went alone
        assertNotEquals(seen.get(0).transaction(), seen.get(1).transaction());
        // queued while it ran, the others left together, one Sync: one implicit transaction
        assertEquals(seen.get(1).transaction(), seen.get(3).transaction());
        assertEquals(seen.get(1).transaction(), seen.get(4).transaction());
        for (Seen one : seen) {
            assertTrue(one.onCallersContext(), "answered on another request's context");
        }
    }

    @Test
    void aStatementPostgresRefusesFailsAloneNotItsBatch() throws Exception {
        List<CompletableFuture<Seen>> answers = together(
                "select 60 / $1::int as value, txid_current()::text as tx", 5, 5, 0, 4);
        assertEquals(List.of(12), answers.get(0).get(10, TimeUnit.SECONDS).rows());
        assertEquals(List.of(12), answers.get(1).get(10, TimeUnit.SECONDS).rows());
        ExecutionException refused = assertThrows(ExecutionException.class, () -> answers.get(2).get(10, TimeUnit.SECONDS));
        assertEquals("22012", ((PgException) refused.getCause()).getSqlState()); // division_by_zero
        assertEquals(List.of(15), answers.get(3).get(10, TimeUnit.SECONDS).rows());
    }

    @Test
    void moreQueuedStatementsThanABatchHoldsLeaveAsSeveral() throws Exception {
        int[] arguments = new int[1 + EventLoopReads.MAX_BATCH * 2];
        java.util.Arrays.fill(arguments, 1);
        List<CompletableFuture<Seen>> answers = together("select $1::int as value, txid_current()::text as tx", arguments);
        Map<String, Integer> statementsPerTransaction = new HashMap<>();
        for (CompletableFuture<Seen> answer : answers) {
            Seen one = answer.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(1), one.rows());
            statementsPerTransaction.merge(one.transaction(), 1, Integer::sum);
        }
        // the first alone, the others in batches of at most MAX_BATCH (Netty may read the first's
        // answer between two of the tasks, so where the batches split may vary)
        assertTrue(statementsPerTransaction.size() >= 3, "batches: " + statementsPerTransaction.values());
        assertTrue(statementsPerTransaction.size() <= 10, "hardly batched: " + statementsPerTransaction.values());
        assertTrue(statementsPerTransaction.values().stream().allMatch(n -> n <= EventLoopReads.MAX_BATCH),
                "a batch over " + EventLoopReads.MAX_BATCH + ": " + statementsPerTransaction.values());
    }
}
