package dev.aval.imports;

import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Waits.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.imports.ImportResourceTest.Tenant;
import dev.aval.platform.ProblemMappers;
import dev.aval.support.AvalTest;
import dev.aval.support.Sql;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An import against other database sessions, made deterministic with locks the test holds: the
 * database going away under a chunk (its waiting backend terminated, as a failover or an
 * administrator would) is no row error and no job failure; "another instance" ending the job
 * while its chunk waits; and the order in which new accounts are inserted.
 */
@AvalTest
class ImportConcurrencyTest {

    private static final String HEADER = ImportResourceTest.HEADER;

    @Inject
    Pool pool;

    private List<Row> rows(String sql, Object... params) {
        List<Row> list = new ArrayList<>();
        // a pooled connection of a backend a test terminated may still be handed out once: retried
        pool.preparedQuery(sql)
                .execute(Tuple.from(params))
                .onFailure(ProblemMappers::isDatabaseUnavailable)
                .retry()
                .atMost(3)
                .await()
                .atMost(TIMEOUT)
                .forEach(list::add);
        return list;
    }

    private long storedChunks(UUID importId) {
        return Sql.count(pool, "select count(*) from credit_import_file where import_id = $1", importId);
    }

    private static JsonPath job(Tenant t, String id) {
        return given().header("Authorization", "Bearer " + t.key())
                .get(t.imports() + "/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static JsonPath await(Tenant t, String id) {
        return Awaitility.await("import " + id + " ending")
                .atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> job(t, id),
                        job -> job.getString("status").equals("COMPLETED")
                                || job.getString("status").equals("FAILED"));
    }

    private static String upload(Tenant t, String mode, String csv) {
        return given().header("Authorization", "Bearer " + t.key())
                .contentType("text/csv")
                .body(csv)
                .post(t.imports() + "?mode=" + mode)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    /** Waits for a backend blocked by {@code holder} other than {@code previous}, and terminates it. */
    private int terminateTheBackendWaitingOn(int holder, int previous) {
        int pid = awaitBlockedBy(holder, previous);
        assertEquals(true, rows("select pg_terminate_backend($1)", pid).get(0).getBoolean(0));
        return pid;
    }

    /** The pid of a backend waiting for a lock {@code holder} holds, other than {@code previous}. */
    private int awaitBlockedBy(int holder, int previous) {
        return Awaitility.await("a backend waiting on " + holder)
                .atMost(TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> rows(
                                "select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) and pid <> $2",
                                holder,
                                previous),
                        waiting -> !waiting.isEmpty())
                .get(0)
                .getInteger("pid");
    }

    private static int pid(SqlConnection connection) {
        return connection
                .query("select pg_backend_pid()")
                .execute()
                .await()
                .atMost(TIMEOUT)
                .iterator()
                .next()
                .getInteger(0);
    }

    @Test
    void aChunkWhoseConnectionIsKilledTwiceIsRetriedAndEveryRowApplied() {
        Tenant t = Tenant.create();
        String a = newCpf();
        String b = newCpf();
        String c = newCpf();
        String created = upload(
                t,
                "CREATE",
                HEADER
                        + String.join(
                                "",
                                List.of(
                                        "CPF," + a + ",a@x.com,100.00,\n",
                                        "CPF," + b + ",b@x.com,100.00,\n",
                                        "CPF," + c + ",c@x.com,100.00,\n")));
        assertEquals(3, await(t, created).getInt("createdCount"));

        SqlConnection holder = pool.getConnection().await().atMost(TIMEOUT);
        String id;
        try {
            Transaction tx = holder.begin().await().atMost(TIMEOUT);
            int holderPid = pid(holder);
            holder.preparedQuery("select id from credit_account where distributor_id = $1 and document = $2 for update")
                    .execute(Tuple.of(t.id(), b))
                    .await()
                    .atMost(TIMEOUT);

            id = upload(
                    t,
                    "UPDATE",
                    HEADER
                            + String.join(
                                    "",
                                    List.of(
                                            "CPF," + a + ",a@x.com,200.00,\n",
                                            "CPF," + b + ",b@x.com,200.00,\n",
                                            "CPF," + c + ",c@x.com,200.00,\n")));
            // the chunk waits on b: its connection is killed; then its retry's connection too
            int first = terminateTheBackendWaitingOn(holderPid, 0);
            terminateTheBackendWaitingOn(holderPid, first);
            assertEquals("RUNNING", job(t, id).getString("status"), "the job neither failed nor finished meanwhile");
            tx.rollback().await().atMost(TIMEOUT);
        } finally {
            holder.close().await().atMost(TIMEOUT);
        }

        JsonPath done = await(t, id);
        assertEquals("COMPLETED", done.getString("status"), done.prettify());
        assertEquals(3, done.getInt("processedRows"));
        assertEquals(3, done.getInt("updatedCount"), done.prettify());
        assertEquals(0, done.getInt("failedCount"), "no valid row is reported failed for the database's sake");
        for (String document : List.of(a, b, c)) {
            assertEquals(
                    new BigDecimal("200.00"), rows("""
                    select credit_limit from credit_account where distributor_id = $1 and document = $2 and status = 'OPEN'""", t.id(), document).get(0).getBigDecimal(0), document);
        }
        assertTrue(rows("select 1 from credit_import_error where import_id = $1::uuid", id)
                .isEmpty());
    }

    private static final String OPEN_UNCOMMITTED = """
            insert into credit_account (id, distributor_id, document, document_type, email, status, credit_limit,
                                        tolerance, outstanding, version, created_at, updated_at)
            values (gen_random_uuid(), $1, $2, 'CPF', 'other@x.com', 'OPEN', 1, 0, 0, 1, now(), now())""";

    /**
     * A file listing B before A opens A first: another writer's uncommitted A then has to wait
     * for the import, which is the one order every import and writer agrees on (no deadlock).
     */
    @Test
    void newAccountsAreInsertedInDocumentOrderWhateverTheFileOrder() {
        Tenant t = Tenant.create();
        List<String> documents = new ArrayList<>(List.of(newCpf(), newCpf()));
        documents.sort(null);
        String a = documents.get(0);
        String b = documents.get(1);

        SqlConnection first = pool.getConnection().await().atMost(TIMEOUT);
        SqlConnection second = pool.getConnection().await().atMost(TIMEOUT);
        String id;
        try {
            Transaction holdsB = first.begin().await().atMost(TIMEOUT);
            first.preparedQuery(OPEN_UNCOMMITTED)
                    .execute(Tuple.of(t.id(), b))
                    .await()
                    .atMost(TIMEOUT);
            id = upload(t, "UPSERT", HEADER + "CPF," + b + ",b@x.com,10.00,\n" + "CPF," + a + ",a@x.com,10.00,\n");
            awaitBlockedBy(pid(first), 0); // the import's insert reached B

            Transaction triesA = second.begin().await().atMost(TIMEOUT);
            second.query("set local lock_timeout = '300ms'").execute().await().atMost(TIMEOUT);
            Throwable refused = null;
            try {
                second.preparedQuery(OPEN_UNCOMMITTED)
                        .execute(Tuple.of(t.id(), a))
                        .await()
                        .atMost(TIMEOUT);
            } catch (RuntimeException e) {
                refused = e;
            }
            assertTrue(
                    refused != null && String.valueOf(refused.getMessage()).contains("lock timeout"),
                    "A was not inserted before B: " + refused);
            triesA.rollback().await().atMost(TIMEOUT);
            holdsB.rollback().await().atMost(TIMEOUT);
        } finally {
            first.close().await().atMost(TIMEOUT);
            second.close().await().atMost(TIMEOUT);
        }
        JsonPath done = await(t, id);
        assertEquals(2, done.getInt("createdCount"), done.prettify());
    }

    @Test
    void aChunkThatWaitedOnTheAccountIsDatedAfterTheEntryItWaitedFor() {
        Tenant t = Tenant.create();
        String a = newCpf();
        assertEquals(
                1,
                await(t, upload(t, "CREATE", HEADER + "CPF," + a + ",a@x.com,100.00,\n"))
                        .getInt("createdCount"));
        java.util.UUID account = rows(
                        "select id from credit_account where distributor_id = $1 and document = $2", t.id(), a)
                .get(0)
                .getUUID(0);

        SqlConnection holder = pool.getConnection().await().atMost(TIMEOUT);
        String id;
        try {
            Transaction tx = holder.begin().await().atMost(TIMEOUT);
            holder.preparedQuery("select id from credit_account where id = $1 for update")
                    .execute(Tuple.of(account))
                    .await()
                    .atMost(TIMEOUT);
            id = upload(t, "UPDATE", HEADER + "CPF," + a + ",a@x.com,200.00,\n");
            awaitBlockedBy(pid(holder), 0);
            // 50 ms pass so that a chunk dated at its own start would be dated before the entry; the
            // writer reads Instant.now() and the database's clock, no injected Clock to move
            Instant blocked = Instant.now();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> Instant.now().isAfter(blocked.plusMillis(50)));
            // what a hold placed meanwhile writes under the lock
            holder.preparedQuery("""
                    insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                        reference, actor, occurred_at)
                    values (gen_random_uuid(), $1, 'HOLD_PLACED', 10, 0, 10, 'hold:test', 'test', clock_timestamp())""").execute(Tuple.of(account)).await().atMost(TIMEOUT);
            tx.commit().await().atMost(TIMEOUT);
        } finally {
            holder.close().await().atMost(TIMEOUT);
        }
        assertEquals(1, await(t, id).getInt("updatedCount"));
        List<String> types = new ArrayList<>();
        rows("select type from credit_statement_entry where account_id = $1 order by occurred_at, id", account)
                .forEach(r -> types.add(r.getString("type")));
        assertEquals(List.of("OPENED", "HOLD_PLACED", "LIMIT_CHANGED"), types, "statement order = order applied");
    }

    @Test
    void aRunnerWhoseJobAnotherInstanceEndedDeletesItsStoredFile() throws Exception {
        Tenant t = Tenant.create();
        String a = newCpf();
        String created = upload(t, "CREATE", HEADER + "CPF," + a + ",a@x.com,100.00,\n");
        assertEquals(1, await(t, created).getInt("createdCount"));

        SqlConnection holder = pool.getConnection().await().atMost(TIMEOUT);
        SqlConnection other = pool.getConnection().await().atMost(TIMEOUT);
        try {
            Transaction tx = holder.begin().await().atMost(TIMEOUT);
            int holderPid = pid(holder);
            holder.preparedQuery("select id from credit_account where distributor_id = $1 and document = $2 for update")
                    .execute(Tuple.of(t.id(), a))
                    .await()
                    .atMost(TIMEOUT);
            String id = upload(t, "UPDATE", HEADER + "CPF," + a + ",a@x.com,200.00,\n");
            UUID importId = UUID.fromString(id);
            assertEquals(1L, storedChunks(importId));

            // the chunk holds the job's row and waits on the account; "another instance" queues up to end the job
            int runnerPid = awaitBlockedBy(holderPid, 0);
            var ended = other.preparedQuery("""
                    update credit_import set status = 'FAILED', failure_reason = 'ended elsewhere', finished_at = now()
                     where id = $1::uuid""").execute(Tuple.of(id)).subscribeAsCompletionStage();
            awaitBlockedBy(runnerPid, 0);
            // the chunk's connection breaks: its transaction rolls back, the queued update commits first,
            // and the chunk's retry finds the job ended
            assertEquals(
                    true,
                    rows("select pg_terminate_backend($1)", runnerPid).get(0).getBoolean(0));
            assertEquals(
                    1,
                    ended.toCompletableFuture()
                            .get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                            .rowCount());

            Awaitility.await("the stored file deleted")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> storedChunks(importId) == 0);
            JsonPath job = job(t, id);
            assertEquals("FAILED", job.getString("status"));
            assertEquals("ended elsewhere", job.getString("failureReason"));
            assertEquals(0, job.getInt("processedRows"));
            tx.rollback().await().atMost(TIMEOUT);
        } finally {
            holder.close().await().atMost(TIMEOUT);
            other.close().await().atMost(TIMEOUT);
        }
        assertEquals(
                new BigDecimal("100.00"),
                rows("""
                select credit_limit from credit_account where distributor_id = $1 and document = $2 and status = 'OPEN'""", t.id(), a).get(0).getBigDecimal(0),
                "the chunk of an ended job is not applied");
    }
}
