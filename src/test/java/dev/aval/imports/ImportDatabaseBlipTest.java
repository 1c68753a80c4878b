package dev.aval.imports;

import static dev.aval.support.Api.newCpf;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.aval.imports.ImportResourceTest.Tenant;
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
 * The database going away under a running import (a connection reset, a failover) is no row
 * error and no job failure. Made deterministic with a lock: the test holds one account the
 * import updates, so the import's chunk waits on it, and that waiting backend is terminated
 * (as a failover or an administrator would) while it waits.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class ImportDatabaseBlipTest {

    private static final String HEADER = ImportResourceTest.HEADER;

    @Inject
    Pool pool;

    private List<Row> rows(String sql, Object... params) {
        List<Row> list = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().indefinitely().forEach(list::add);
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
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            List<Row> waiting = rows("select pid from pg_stat_activity where $1 = any(pg_blocking_pids(pid)) and pid <> $2",
                    holder, previous);
            if (!waiting.isEmpty()) {
                int pid = waiting.get(0).getInteger("pid");
                assertEquals(true, rows("select pg_terminate_backend($1)", pid).get(0).getBoolean(0));
                return pid;
            }
            sleep(20);
        }
        throw new AssertionError("no import waited on the held account in 30 s");
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
            int holderPid = holder.query("select pg_backend_pid()").execute().await().indefinitely().iterator().next()
                    .getInteger(0);
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
}
