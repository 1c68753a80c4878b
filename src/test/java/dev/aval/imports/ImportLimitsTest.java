package dev.aval.imports;

import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Waits.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.imports.ImportResourceTest.Tenant;
import dev.aval.platform.Ids;
import dev.aval.support.AvalTest;
import dev.aval.support.Sql;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/** A distributor's share of the import queue and a job's time budget (api.md "Imports", issue 15). */
@AvalTest
class ImportLimitsTest {

    private static final String HEADER = ImportResourceTest.HEADER;

    @Inject
    Pool pool;

    @Inject
    ImportFileRepository files;

    @Inject
    ImportQueue queue;

    private List<Row> rows(String sql, Object... params) {
        return Sql.rows(pool, sql, params);
    }

    /** A job another instance holds (fresh heartbeat): it counts against the distributor's share. */
    private UUID activeElsewhere(String distributorId) {
        UUID id = Ids.newId();
        rows("""
                insert into credit_import (id, distributor_id, mode, dry_run, file_size, status, actor, created_at,
                                           started_at, heartbeat_at)
                values ($1, $2, 'CREATE', false, 0, 'RUNNING', 'other-instance', now(), now(), now() + interval '1 hour')""", id, distributorId);
        return id;
    }

    private void end(UUID id) {
        rows("update credit_import set status = 'FAILED', finished_at = now() where id = $1", id);
    }

    private long active(String distributorId) {
        return Sql.count(
                pool,
                "select count(*) from credit_import where distributor_id = $1 and status in ('QUEUED', 'RUNNING')",
                distributorId);
    }

    private static Response upload(Tenant t, String csv) {
        return given().header("Authorization", "Bearer " + t.key())
                .contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post(t.imports() + "?mode=CREATE");
    }

    @Test
    void aFourthImportWaitingOrRunningIs429WithRetryAfterAndCreatesNothing() {
        Tenant t = Tenant.create();
        Tenant other = Tenant.create();
        List<UUID> jobs = List.of(activeElsewhere(t.id()), activeElsewhere(t.id()), activeElsewhere(t.id()));

        upload(t, HEADER + "CPF," + newCpf() + ",a@cliente.com.br,10,\n")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "30")
                .body("code", equalTo("IMPORT_QUEUE_FULL"));
        assertEquals(3, active(t.id()), "nothing was created");
        assertEquals(3L, Sql.count(pool, "select count(*) from credit_import where distributor_id = $1", t.id()));

        upload(other, HEADER).then().statusCode(202); // another distributor's share is its own

        end(jobs.get(0));
        upload(t, HEADER).then().statusCode(202);
        jobs.forEach(this::end);
    }

    @Test
    void concurrentUploadsCannotAllSlipIntoTheLastPlace() throws Exception {
        Tenant t = Tenant.create();
        String document = newCpf();
        String opened = upload(t, HEADER + "CPF," + document + ",a@cliente.com.br,10,\n")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        Awaitility.await("the account opened")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> rows("select status from credit_import where id = $1::uuid", opened)
                                .get(0)
                                .getString(0),
                        "COMPLETED"::equals);
        List<UUID> jobs = List.of(activeElsewhere(t.id()), activeElsewhere(t.id()));
        String update = HEADER + "CPF," + document + ",b@cliente.com.br,20,\n";
        // the test holds the account (so the accepted job stays RUNNING, waiting on it) and the
        // distributor's upload lock: both uploads pass the early count (2 < 3), store their file,
        // then wait on the lock to be counted again
        SqlConnection account = pool.getConnection().await().atMost(TIMEOUT);
        SqlConnection uploads = pool.getConnection().await().atMost(TIMEOUT);
        try {
            Transaction accountTx = account.begin().await().atMost(TIMEOUT);
            account.preparedQuery(
                            "select id from credit_account where distributor_id = $1 and document = $2 for update")
                    .execute(Tuple.of(t.id(), document))
                    .await()
                    .atMost(TIMEOUT);
            Transaction uploadsTx = uploads.begin().await().atMost(TIMEOUT);
            uploads.preparedQuery("select pg_advisory_xact_lock(hashtext('credit_import:' || $1))")
                    .execute(Tuple.of(t.id()))
                    .await()
                    .atMost(TIMEOUT);
            CompletableFuture<Integer> a =
                    CompletableFuture.supplyAsync(() -> upload(t, update).statusCode());
            CompletableFuture<Integer> b =
                    CompletableFuture.supplyAsync(() -> upload(t, update).statusCode());
            Awaitility.await("both uploads waiting on the lock")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() ->
                            Sql.count(pool, "select count(*) from pg_locks where locktype = 'advisory' and not granted")
                                    >= 2);
            uploadsTx.commit().await().atMost(TIMEOUT);
            List<Integer> statuses = new ArrayList<>(List.of(a.get(), b.get()));
            statuses.sort(null);
            assertEquals(List.of(202, 429), statuses);
            assertEquals(3, active(t.id()));
            accountTx.rollback().await().atMost(TIMEOUT);
        } finally {
            account.close().await().atMost(TIMEOUT);
            uploads.close().await().atMost(TIMEOUT);
            jobs.forEach(this::end);
        }
    }

    @Test
    void aJobPastItsTimeBudgetEndsFailedAndKeepsTheRowsItCommitted() {
        Tenant t = Tenant.create();
        UUID id = Ids.newId();
        byte[] csv = (HEADER + "CPF," + newCpf() + ",a@cliente.com.br,10,\n"
                        + "CPF," + newCpf() + ",b@cliente.com.br,10,\n"
                        + "CPF," + newCpf() + ",c@cliente.com.br,10,\n")
                .getBytes(StandardCharsets.UTF_8);
        // started 31 minutes ago (the budget is 30m), 2 rows committed, then its instance stopped
        rows(
                """
                insert into credit_import (id, distributor_id, mode, dry_run, file_size, status, actor, created_at,
                                           started_at, heartbeat_at, header, delimiter, total_rows, processed_rows,
                                           created_count)
                values ($1, $2, 'CREATE', false, $4, 'RUNNING', 'other-instance', now() - interval '31 minutes',
                        now() - interval '31 minutes', now() - interval '5 minutes', $3, ',', 3, 2, 2)""",
                id,
                t.id(),
                new String[] {"documentType", "document", "email", "creditLimit", "tolerance"},
                csv.length);
        files.store(id, 0, csv).await().atMost(TIMEOUT);

        Row job = Awaitility.await("import " + id + " ending")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            queue.kick();
                            return rows("select * from credit_import where id = $1", id)
                                    .get(0);
                        },
                        r -> !r.getString("status").equals("RUNNING"));
        assertEquals("FAILED", job.getString("status"));
        assertEquals(
                "its time budget (30m) was spent after 2 rows; the rows before stay applied: split the file",
                job.getString("failure_reason"));
        assertEquals(2, job.getInteger("processed_rows"));
        assertEquals(2, job.getInteger("created_count"));
        assertEquals(
                0L,
                Sql.count(pool, "select count(*) from credit_account where distributor_id = $1", t.id()),
                "the third row was not applied");
        assertEquals(
                0L,
                Sql.count(pool, "select count(*) from credit_import_file where import_id = $1", id),
                "the stored file is deleted once the job ended");
    }
}
