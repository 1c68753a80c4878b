package dev.aval.imports;

import static dev.aval.support.Api.newCpf;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.aval.imports.ImportResourceTest.Tenant;
import dev.aval.platform.ProblemMappers;
import dev.aval.support.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class ImportConcurrencyTest {

    private static final String HEADER = ImportResourceTest.HEADER;

    @Inject
    Pool pool;
    @Inject
    ImportStore store;

    private List<Row> rows(String sql, Object... params) {
        List<Row> list = new ArrayList<>();
        // a pooled connection of a backend a test terminated may still be handed out once: retried
        pool.preparedQuery(sql).execute(Tuple.from(params))
                .onFailure(ProblemMappers::isDatabaseUnavailable).retry().atMost(3)
                .await().indefinitely().forEach(list::add);
        return list;
    }

    private static JsonPath job(Tenant t, String id) {
        return given().header("Authorization", "Bearer " + t.key()).get(t.imports() + "/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath await(Tenant t, String id) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JsonPath job = job(t, id);
            if (job.getString("status").equals("COMPLETED") || job.getString("status").equals("FAILED")) {
                return job;
            }
            sleep(50);
        }
        throw new AssertionError("import " + id + " did not end in 60 s");
    }

    private static String upload(Tenant t, String mode, String csv) {
        return given().header("Authorization", "Bearer " + t.key()).contentType("text/csv").body(csv)
                .post(t.imports() + "?mode=" + mode).then().statusCode(202).extract().path("id");
    }

    /** Waits for a backend blocked by {@code holder} other than {@code previous}, and terminates it. */
    private int terminateTheBackendWaitingOn(int holder, int previous) {
        int pid = awaitBlockedBy(holder, previous);
        assertEquals(true, rows("select pg_terminate_backend($1)", pid).get(0).getBoolean(0));
        return pid;
    }

    /** The pid of a backend waiting for a lock {@code holder} holds, other than {@code previous}. */
    private int awaitBlockedBy(int holder, int previous) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            List<Row> waiting = rows("select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) and pid <> $2",
                    holder, previous);
            if (!waiting.isEmpty()) {
                return waiting.get(0).getInteger("pid");
            }
            sleep(20);
        }
        throw new AssertionError("no backend waited on " + holder + " in 30 s");
    }

    private static int pid(SqlConnection connection) {
        return connection.query("select pg_backend_pid()").execute().await().indefinitely().iterator().next().getInteger(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aChunkWhoseConnectionIsKilledTwiceIsRetriedAndEveryRowApplied() {
        Tenant t = Tenant.create();
        String a = newCpf();
        String b = newCpf();
        String c = newCpf();
        String created = upload(t, "CREATE", HEADER + String.join("", List.of(
                "CPF," + a + ",a@x.com,100.00,\n", "CPF," + b + ",b@x.com,100.00,\n", "CPF," + c + ",c@x.com,100.00,\n")));
        assertEquals(3, await(t, created).getInt("createdCount"));

        SqlConnection holder = pool.getConnection().await().indefinitely();
        String id;
        try {
            Transaction tx = holder.begin().await().indefinitely();
            int holderPid = pid(holder);
            holder.preparedQuery("select id from credit_account where distributor_id = $1 and document = $2 for update")
                    .execute(Tuple.of(t.id(), b)).await().indefinitely();

            id = upload(t, "UPDATE", HEADER + String.join("", List.of(
                    "CPF," + a + ",a@x.com,200.00,\n", "CPF," + b + ",b@x.com,200.00,\n", "CPF," + c + ",c@x.com,200.00,\n")));
            // the chunk waits on b: its connection is killed; then its retry's connection too
            int first = terminateTheBackendWaitingOn(holderPid, 0);
            terminateTheBackendWaitingOn(holderPid, first);
            assertEquals("RUNNING", job(t, id).getString("status"), "the job neither failed nor finished meanwhile");
            tx.rollback().await().indefinitely();
        } finally {
            holder.close().await().indefinitely();
        }

        JsonPath done = await(t, id);
        assertEquals("COMPLETED", done.getString("status"), done.prettify());
        assertEquals(3, done.getInt("processedRows"));
        assertEquals(3, done.getInt("updatedCount"), done.prettify());
        assertEquals(0, done.getInt("failedCount"), "no valid row is reported failed for the database's sake");
        for (String document : List.of(a, b, c)) {
            assertEquals(new BigDecimal("200.00"), rows("""
                    select credit_limit from credit_account where distributor_id = $1 and document = $2 and status = 'OPEN'""",
                    t.id(), document).get(0).getBigDecimal(0), document);
        }
        assertTrue(rows("select 1 from credit_import_error where import_id = $1::uuid", id).isEmpty());
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

        SqlConnection first = pool.getConnection().await().indefinitely();
        SqlConnection second = pool.getConnection().await().indefinitely();
        String id;
        try {
            Transaction holdsB = first.begin().await().indefinitely();
            first.preparedQuery(OPEN_UNCOMMITTED).execute(Tuple.of(t.id(), b)).await().indefinitely();
            id = upload(t, "UPSERT", HEADER + "CPF," + b + ",b@x.com,10.00,\n" + "CPF," + a + ",a@x.com,10.00,\n");
            awaitBlockedBy(pid(first), 0); // the import's insert reached B

            Transaction triesA = second.begin().await().indefinitely();
            second.query("set local lock_timeout = '300ms'").execute().await().indefinitely();
            Throwable refused = null;
            try {
                second.preparedQuery(OPEN_UNCOMMITTED).execute(Tuple.of(t.id(), a)).await().indefinitely();
            } catch (RuntimeException e) {
                refused = e;
            }
            assertTrue(refused != null && String.valueOf(refused.getMessage()).contains("lock timeout"),
                    "A was not inserted before B: " + refused);
            triesA.rollback().await().indefinitely();
            holdsB.rollback().await().indefinitely();
        } finally {
            first.close().await().indefinitely();
            second.close().await().indefinitely();
        }
        JsonPath done = await(t, id);
        assertEquals(2, done.getInt("createdCount"), done.prettify());
    }

    @Test
    void aChunkThatWaitedOnTheAccountIsDatedAfterTheEntryItWaitedFor() {
        Tenant t = Tenant.create();
        String a = newCpf();
        assertEquals(1, await(t, upload(t, "CREATE", HEADER + "CPF," + a + ",a@x.com,100.00,\n")).getInt("createdCount"));
        java.util.UUID account = rows("select id from credit_account where distributor_id = $1 and document = $2",
                t.id(), a).get(0).getUUID(0);

        SqlConnection holder = pool.getConnection().await().indefinitely();
        String id;
        try {
            Transaction tx = holder.begin().await().indefinitely();
            holder.preparedQuery("select id from credit_account where id = $1 for update").execute(Tuple.of(account))
                    .await().indefinitely();
            id = upload(t, "UPDATE", HEADER + "CPF," + a + ",a@x.com,200.00,\n");
            awaitBlockedBy(pid(holder), 0);
            sleep(50);
            // what a hold placed meanwhile writes under the lock
            holder.preparedQuery("""
                    insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                        reference, actor, occurred_at)
                    values (gen_random_uuid(), $1, 'HOLD_PLACED', 10, 0, 10, 'hold:test', 'test', clock_timestamp())""")
                    .execute(Tuple.of(account)).await().indefinitely();
            tx.commit().await().indefinitely();
        } finally {
            holder.close().await().indefinitely();
        }
        assertEquals(1, await(t, id).getInt("updatedCount"));
        List<String> types = new ArrayList<>();
        rows("select type from credit_statement_entry where account_id = $1 order by occurred_at, id", account)
                .forEach(r -> types.add(r.getString("type")));
        assertEquals(List.of("OPENED", "HOLD_PLACED", "LIMIT_CHANGED"), types, "statement order = order applied");
    }

    @Test
    void aRunnerWhoseJobAnotherInstanceEndedDeletesItsCopyOfTheFile() {
        Tenant t = Tenant.create();
        String a = newCpf();
        String created = upload(t, "CREATE", HEADER + "CPF," + a + ",a@x.com,100.00,\n");
        assertEquals(1, await(t, created).getInt("createdCount"));

        SqlConnection holder = pool.getConnection().await().indefinitely();
        SqlConnection other = pool.getConnection().await().indefinitely();
        try {
            Transaction tx = holder.begin().await().indefinitely();
            int holderPid = pid(holder);
            holder.preparedQuery("select id from credit_account where distributor_id = $1 and document = $2 for update")
                    .execute(Tuple.of(t.id(), a)).await().indefinitely();
            String id = upload(t, "UPDATE", HEADER + "CPF," + a + ",a@x.com,200.00,\n");
            Path file = store.pathOf(UUID.fromString(id));
            assertTrue(Files.exists(file));

            // the chunk holds the job's row and waits on the account; "another instance" queues up to end the job
            int runnerPid = awaitBlockedBy(holderPid, 0);
            var ended = other.preparedQuery("""
                    update credit_import set status = 'FAILED', failure_reason = 'ended elsewhere', finished_at = now()
                     where id = $1::uuid""").execute(Tuple.of(id)).subscribeAsCompletionStage();
            awaitBlockedBy(runnerPid, 0);
            // the chunk's connection breaks: its transaction rolls back, the queued update commits first,
            // and the chunk's retry finds the job ended
            assertEquals(true, rows("select pg_terminate_backend($1)", runnerPid).get(0).getBoolean(0));
            assertEquals(1, ended.toCompletableFuture().join().rowCount());

            ImportOrphanTest.awaitDeleted(file);
            JsonPath job = job(t, id);
            assertEquals("FAILED", job.getString("status"));
            assertEquals("ended elsewhere", job.getString("failureReason"));
            assertEquals(0, job.getInt("processedRows"));
            tx.rollback().await().indefinitely();
        } finally {
            holder.close().await().indefinitely();
            other.close().await().indefinitely();
        }
        assertEquals(new BigDecimal("100.00"), rows("""
                select credit_limit from credit_account where distributor_id = $1 and document = $2 and status = 'OPEN'""",
                t.id(), a).get(0).getBigDecimal(0), "the chunk of an ended job is not applied");
    }
}
