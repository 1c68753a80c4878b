package dev.aval.platform;

import static dev.aval.support.Waits.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import dev.aval.support.Sql;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Vert.x's pipelined client as the hot reads use it: the pool's options, a connection per event loop. */
@AvalTest
class PipelinedReadsTest {

    @Inject
    PoolCreator poolCreator;

    @Inject
    PipelinedReads reads;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    /** What one call saw: its rows, the backend that ran it, whether it was answered on its own context. */
    private record Seen(List<Integer> rows, int backend, boolean onCallersContext) {}

    /** Runs {@code sql} once per argument, each from its own request-like context, all queued together on one event loop. */
    private List<CompletableFuture<Seen>> together(Context loop, String sql, int... arguments) {
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
                            int backend = 0;
                            for (Row row : rows) {
                                values.add(row.getInteger("value"));
                                backend = row.getInteger("pid");
                            }
                            return new Seen(values, backend, Vertx.currentContext() == caller);
                        })
                        .subscribe()
                        .with(answer::complete, answer::completeExceptionally));
            }
        });
        return answers;
    }

    private static List<Seen> all(List<CompletableFuture<Seen>> answers) throws Exception {
        List<Seen> seen = new ArrayList<>();
        for (CompletableFuture<Seen> answer : answers) {
            seen.add(answer.get(10, TimeUnit.SECONDS));
        }
        return seen;
    }

    private static final String ROWS =
            "select $1::int as value, pg_backend_pid() as pid from generate_series(1, $1::int)";

    @Test
    void theClientKeepsThePoolsLimitsWithOneConnectionPerEventLoop() {
        PoolOptions options = poolCreator.pipelinedOptions();
        // application.properties: quarkus.datasource.reactive.idle-timeout=PT5M, max-lifetime=PT30M
        assertEquals(TimeUnit.MINUTES.toMillis(5), options.getIdleTimeoutUnit().toMillis(options.getIdleTimeout()));
        assertEquals(TimeUnit.MINUTES.toMillis(30), options.getMaxLifetimeUnit().toMillis(options.getMaxLifetime()));
        assertEquals(0, options.getEventLoopSize(), "connections must open on the loop that needs them");
        assertTrue(options.getMaxSize() >= 1);
        assertEquals(256, PoolCreator.PIPELINING_LIMIT);
    }

    @Test
    void theCallsOfOneEventLoopShareItsConnectionEachWithItsOwnRows() throws Exception {
        Context loop = vertx.getOrCreateContext();
        List<Seen> seen = all(together(loop, ROWS, 1, 2, 0, 3, 1, 2, 3, 1));
        assertEquals(List.of(1), seen.get(0).rows());
        assertEquals(List.of(2, 2), seen.get(1).rows());
        assertEquals(List.of(), seen.get(2).rows());
        assertEquals(List.of(3, 3, 3), seen.get(3).rows());
        assertEquals(List.of(1), seen.get(4).rows());
        Set<Integer> backends = new HashSet<>();
        for (Seen one : seen) {
            assertTrue(one.onCallersContext(), "answered on another request's context");
            if (one.backend() != 0) {
                backends.add(one.backend());
            }
        }
        assertEquals(1, backends.size(), "one loop's calls should share its connection: " + backends);
        // the same loop later: the same connection again
        assertEquals(backends, Set.of(all(together(loop, ROWS, 1)).get(0).backend()));
    }

    @Test
    void aStatementPostgresRefusesFailsAlone() throws Exception {
        List<CompletableFuture<Seen>> answers =
                together(vertx.getOrCreateContext(), "select 60 / $1::int as value, pg_backend_pid() as pid", 5, 0, 4);
        assertEquals(List.of(12), answers.get(0).get(10, TimeUnit.SECONDS).rows());
        ExecutionException refused =
                assertThrows(ExecutionException.class, () -> answers.get(1).get(10, TimeUnit.SECONDS));
        assertEquals("22012", ((PgException) refused.getCause()).getSqlState()); // division_by_zero
        assertEquals(List.of(15), answers.get(2).get(10, TimeUnit.SECONDS).rows());
    }

    @Test
    void aDroppedConnectionIsReplaced() throws Exception {
        Context loop = vertx.getOrCreateContext();
        int before = all(together(loop, ROWS, 1)).get(0).backend();
        pool.query("select pg_terminate_backend(" + before + ")")
                .execute()
                .await()
                .atMost(TIMEOUT);
        // a call racing the termination may fail (as with any pool); soon calls run on a new backend
        Awaitility.await("a new connection")
                .atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .until(() -> all(together(loop, ROWS, 1)).get(0).backend(), backend -> backend != before);
        assertNotEquals(before, all(together(loop, ROWS, 1)).get(0).backend());
    }

    private static int backend(SqlClient client) throws Exception {
        return client.query("select pg_backend_pid()")
                .execute()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS)
                .iterator()
                .next()
                .getInteger(0);
    }

    @Test
    void aConnectionOlderThanTheMaxLifetimeIsReplacedAndClosed() throws Exception {
        // the pool's rules, as PoolCreator passes them on, with a lifetime short enough to watch
        PoolOptions shortLived = PoolCreator.pipelinedOptions(new PoolOptions()
                .setEventLoopSize(1)
                .setMaxLifetime(1)
                .setMaxLifetimeUnit(TimeUnit.SECONDS)
                .setPoolCleanerPeriod(100));
        PgConnectOptions connect = Sql.connectOptions();
        SqlClient client = PoolCreator.pipelinedClient(vertx, connect, shortLived);
        try {
            int first = backend(client);
            Awaitility.await("a younger connection")
                    .atMost(Duration.ofSeconds(10))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> backend(client), backend -> backend != first);
            Awaitility.await("the old one closed")
                    .atMost(Duration.ofSeconds(10))
                    .pollDelay(Duration.ZERO)
                    .until(() -> Sql.count(pool, "select count(*) from pg_stat_activity where pid = $1", first) == 0);
        } finally {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
