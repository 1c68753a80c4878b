package dev.aval.platform;

import static dev.aval.support.Waits.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import dev.aval.support.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;

/** Pipelined statements commit together or not at all, and what waits for the commit waits for it. */
@AvalTest
class PipelinedTransactionTest {

    private static final String INSERT = """
            insert into idempotency_key (distributor_id, method, path, idem_key, request_hash, created_at)
            values ($1, 'POST', '/pipelined', $2, 'h', now())
            """;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    /** A pool of one connection: what a transaction leaves on it, the next statement meets. */
    private Pool single;

    @BeforeEach
    void single() {
        single = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(1))
                .connectingTo(Sql.connectOptions())
                .using(vertx.getDelegate())
                .build());
    }

    private final String scope = "pipelined-" + UUID.randomUUID();

    private Uni<Void> insert(SqlConnection connection, String key) {
        return connection.preparedQuery(INSERT).execute(Tuple.of(scope, key)).replaceWithVoid();
    }

    private long rows() {
        return Sql.count(pool, "select count(*) from idempotency_key where distributor_id = $1", scope);
    }

    @Test
    void theWorkAndTheLastStatementCommitTogetherBeforeOnCommitRuns() {
        List<String> committed = new ArrayList<>();

        String result = PipelinedTransaction.run(
                        single,
                        connection -> Uni.combine()
                                .all()
                                .unis(insert(connection, "a"), insert(connection, "b"))
                                .discardItems()
                                .invoke(() -> PipelinedTransaction.onCommit(connection, () -> committed.add("work")))
                                .replaceWith("done"),
                        (connection, done) -> insert(connection, "last"))
                .await()
                .atMost(TIMEOUT);

        assertEquals("done", result);
        assertEquals(3, rows());
        assertEquals(List.of("work"), committed, "run once, after the commit");
    }

    @Test
    void aLastStatementFailingInTheDatabaseRollsTheWorkBack() {
        List<String> committed = new ArrayList<>();

        PgException refused = assertThrows(
                PgException.class,
                () -> PipelinedTransaction.run(
                                single,
                                connection -> insert(connection, "work")
                                        .invoke(() ->
                                                PipelinedTransaction.onCommit(connection, () -> committed.add("work")))
                                        .replaceWith(1),
                                // a claim nobody holds: the answer cannot be stored, so nothing commits
                                (connection, one) -> connection
                                        .preparedQuery(
                                                "select idempotency_answer($1, 'POST', '/pipelined', 'none', now(), 201,"
                                                        + " 'application/json', '{}', null)")
                                        .execute(Tuple.of(scope)))
                        .await()
                        .atMost(TIMEOUT));

        assertEquals("AV409", refused.getSqlState());
        assertEquals(0, rows(), "the work's insert was rolled back with the COMMIT sent after it");
        assertTrue(committed.isEmpty(), "nothing waiting for the commit ran");
        assertTheConnectionIsClean();
    }

    @Test
    void aFailingWorkRollsBackWhatItSentBeforeAndTheStatementsAfterFailToo() {
        PgException failed = assertThrows(
                PgException.class,
                () -> PipelinedTransaction.run(
                                single,
                                connection -> Uni.combine()
                                        .all()
                                        .unis(
                                                insert(connection, "first"),
                                                connection.query("select 1 / 0").execute(),
                                                insert(connection, "after"))
                                        .discardItems()
                                        .replaceWith(1),
                                (connection, one) -> insert(connection, "last"))
                        .await()
                        .atMost(TIMEOUT));

        assertEquals("22012", failed.getSqlState(), "the first failure is the one reported");
        assertEquals(0, rows());
        assertTheConnectionIsClean();
    }

    /**
     * The one connection of {@link #single} answers a statement of its own: it went back to its pool
     * out of the failed transaction (else: 25P02, "current transaction is aborted").
     */
    private void assertTheConnectionIsClean() {
        assertEquals(1, Sql.count(single, "select 1"));
    }

    @AfterEach
    void close() {
        single.close().await().atMost(TIMEOUT);
    }
}
