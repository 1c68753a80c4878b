package dev.aval.imports;

import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.platform.Ids;
import dev.aval.support.AvalTest;
import dev.aval.support.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Several instances on one database: job rows are inserted as another instance would have left
 * them (its heartbeat of a given age, its file stored in the database), then this instance's
 * queue is kicked. The lease is the default 1 minute.
 */
@AvalTest
class ImportLeasesTest {

    private static final String HEADER = ImportResourceTest.HEADER;
    private static final long LEASE_MS = Duration.ofMinutes(1).toMillis();

    @Inject
    Pool pool;

    @Inject
    ImportQueue queue;

    @Inject
    ImportRepository repository;

    @Inject
    ImportFileRepository files;

    /** A job another instance started, its heartbeat {@code age} old, no row processed yet. */
    private UUID runningJob(String distributorId, Duration age, long fileSize) {
        UUID id = Ids.newId();
        rows("""
                insert into credit_import (id, distributor_id, mode, dry_run, file_size, status, actor, created_at,
                                           started_at, heartbeat_at)
                values ($1, $2, 'CREATE', false, $4, 'RUNNING', 'other-instance', now() - $3 * interval '1 second',
                        now() - $3 * interval '1 second', now() - $3 * interval '1 second')""", id, distributorId, age.toSeconds(), fileSize);
        return id;
    }

    /** Stores {@code csv} as the job's uploaded file, in chunks of {@code chunk} bytes; its size. */
    private long store(UUID id, String csv, int chunk) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        for (int seq = 0; seq * chunk < bytes.length; seq++) {
            byte[] part = java.util.Arrays.copyOfRange(bytes, seq * chunk, Math.min(bytes.length, (seq + 1) * chunk));
            files.store(id, seq, part).await().atMost(TIMEOUT);
        }
        return bytes.length;
    }

    private Row job(UUID id) {
        return rows("select * from credit_import where id = $1", id).get(0);
    }

    private List<Row> rows(String sql, Object... params) {
        return Sql.rows(pool, sql, params);
    }

    private long count(String sql, Object... params) {
        return Sql.count(pool, sql, params);
    }

    private Row awaitEnd(UUID id) {
        return Awaitility.await("import " + id + " ending")
                .atMost(TIMEOUT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            queue.kick();
                            return job(id);
                        },
                        job -> job.getString("status").equals("COMPLETED")
                                || job.getString("status").equals("FAILED"));
    }

    private void end(UUID id) {
        rows("update credit_import set status = 'FAILED', finished_at = now() where id = $1", id);
    }

    @Test
    void aJobWithAFreshHeartbeatIsLeftToItsInstance() {
        String d = newDistributor();
        UUID id = runningJob(d, Duration.ofSeconds(10), 0);
        OffsetDateTime before = job(id).getOffsetDateTime("heartbeat_at");

        // every free job is claimed (a stray one from another test is handed back): never this one
        Set<UUID> claimed = new HashSet<>();
        UUID next;
        while ((next = claim()) != null) {
            claimed.add(next);
        }
        repository.release(claimed).await().atMost(TIMEOUT);

        assertFalse(claimed.contains(id));
        Row after = job(id);
        assertEquals("RUNNING", after.getString("status"));
        assertEquals(before, after.getOffsetDateTime("heartbeat_at"), "a fresh job is not even touched");
        end(id);
    }

    private UUID claim() {
        var job = repository.claimNext(Duration.ofMinutes(1), Set.of()).await().atMost(TIMEOUT);
        return job == null ? null : job.id();
    }

    @Test
    void aStaleJobIsTakenOverFromItsStoredFileAndCompletedOnce() {
        String d = newDistributor();
        List<String> documents = List.of(newCpf(), newCpf(), newCpf());
        StringBuilder csv = new StringBuilder(HEADER);
        documents.forEach(doc -> csv.append("CPF,").append(doc).append(",a@cliente.com.br,1000.00,0.1\n"));
        UUID id = runningJob(d, Duration.ofMinutes(5), csv.length());
        store(id, csv.toString(), 37); // chunks cut mid-line: the stream is read back whole, in order

        Row done = awaitEnd(id);
        assertEquals("COMPLETED", done.getString("status"), String.valueOf(done.getString("failure_reason")));
        assertEquals(3, done.getInteger("total_rows"));
        assertEquals(3, done.getInteger("processed_rows"));
        assertEquals(3, done.getInteger("created_count"));
        assertEquals(0, done.getInteger("failed_count"));
        assertEquals(3L, count("select count(*) from credit_account where distributor_id = $1", d));
        assertEquals(3L, count("""
                select count(*) from credit_statement_entry e join credit_account a on a.id = e.account_id
                 where a.distributor_id = $1 and e.type = 'OPENED'""", d));
        assertEquals(
                0L,
                count("select count(*) from credit_import_file where import_id = $1", id),
                "the stored file is deleted with the job's end");
        assertEquals(0L, count("select count(*) from credit_import_document where import_id = $1", id));
    }

    @Test
    void aStaleJobCutOffPartWayResumesAfterItsLastCommittedChunkAndKnowsItsDocuments() {
        String d = newDistributor();
        String d1 = newCpf();
        String d2 = newCpf();
        String d3 = newCpf();
        String d4 = newCpf();
        String csv = HEADER
                + "CPF," + d1 + ",a@cliente.com.br,10.00,\n" // 2 committed before the cut
                + "CPF," + d2 + ",b@cliente.com.br,10.00,\n" // 3 committed before the cut
                + "CPF," + d3 + ",c@cliente.com.br,10.00,\n" // 4
                + "CPF," + d1 + ",again@cliente.com.br,10.00,\n" // 5 a duplicate of line 2
                + "CPF," + d4 + ",d@cliente.com.br,10.00,\n"; // 6
        UUID id = runningJob(d, Duration.ofMinutes(5), csv.length());
        // its instance had stored the file's shape and committed a first chunk of 2 rows, then stopped
        rows("""
                update credit_import set header = $2, delimiter = ',', total_rows = 5, processed_rows = 2, created_count = 2
                 where id = $1""", id, new String[] {"documentType", "document", "email", "creditLimit", "tolerance"});
        rows("insert into credit_import_document (import_id, document) values ($1, $2), ($1, $3)", id, d1, d2);
        store(id, csv, 1 << 20);

        Row done = awaitEnd(id);
        assertEquals("COMPLETED", done.getString("status"), String.valueOf(done.getString("failure_reason")));
        assertEquals(5, done.getInteger("processed_rows"));
        assertEquals(4, done.getInteger("created_count"));
        assertEquals(1, done.getInteger("failed_count"));
        // the first two rows are not applied again (their accounts were never made here, so they stay absent)
        Set<String> opened = new HashSet<>();
        rows("select document from credit_account where distributor_id = $1", d)
                .forEach(r -> opened.add(r.getString(0)));
        assertEquals(Set.of(d3, d4), opened);
        List<Row> errors = rows("select line, document, messages from credit_import_error where import_id = $1", id);
        assertEquals(1, errors.size());
        assertEquals(5, errors.get(0).getInteger("line"));
        assertEquals(d1, errors.get(0).getString("document"));
        assertEquals("appears more than once in this file", errors.get(0).getArrayOfStrings("messages")[0]);
    }

    @Test
    void aJobWhoseStoredFileIsGoneFailsAskingForTheFileAgain() {
        String d = newDistributor();
        // a job of the version that kept files on the instance's disk: nothing stored
        UUID id = runningJob(d, Duration.ofMinutes(5), 120);

        Row after = awaitEnd(id);
        assertEquals("FAILED", after.getString("status"));
        assertEquals(
                "the uploaded file is no longer stored (0 of 120 bytes found); upload it again",
                after.getString("failure_reason"));
        assertEquals(0, after.getInteger("processed_rows"));
    }

    @Test
    void aJobHandedOverIsTakenAtOnceNotAfterItsLease() {
        String d = newDistributor();
        String csv = HEADER + "CPF," + newCpf() + ",a@cliente.com.br,10.00,\n";
        UUID id = runningJob(d, Duration.ofSeconds(1), csv.length());
        store(id, csv, 1 << 20);
        // its instance shut down and handed it over
        assertEquals(1, repository.release(Set.of(id)).await().atMost(TIMEOUT));

        Row done = awaitEnd(id);
        assertEquals("COMPLETED", done.getString("status"), String.valueOf(done.getString("failure_reason")));
        assertEquals(1, done.getInteger("created_count"));
    }

    @Test
    void twoInstancesClaimingAtOnceTakeEachFreeJobOnce() throws Exception {
        String d = newDistributor();
        UUID a = runningJob(d, Duration.ofSeconds(1), 0);
        UUID b = runningJob(d, Duration.ofSeconds(1), 0);
        // in a transaction this test holds, the two jobs become free: only the claims below can see them
        SqlConnection connection = pool.getConnection().await().atMost(TIMEOUT);
        try {
            Transaction tx = connection.begin().await().atMost(TIMEOUT);
            connection
                    .preparedQuery("update credit_import set heartbeat_at = '-infinity' where id = any($1)")
                    .execute(Tuple.of(new UUID[] {a, b}))
                    .await()
                    .atMost(TIMEOUT);
            List<UUID> claimed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                connection
                        .preparedQuery(ImportRepository.CLAIM_NEXT)
                        .execute(Tuple.of(LEASE_MS, new UUID[0]))
                        .await()
                        .atMost(TIMEOUT)
                        .forEach(r -> claimed.add(r.getUUID("id")));
            }
            assertEquals(List.of(a, b), claimed, "each once, the older first, then nothing");
            tx.rollback().await().atMost(TIMEOUT);
        } finally {
            connection.close().await().atMost(TIMEOUT);
        }
        // outside the test's transaction, concurrent claims (two instances) never take one job twice
        rows("update credit_import set heartbeat_at = '-infinity' where id = any($1)", (Object) new UUID[] {a, b});
        List<UUID> taken = new ArrayList<>();
        Uni.combine()
                .all()
                .unis(
                        repository.claimNext(Duration.ofMinutes(1), Set.of()),
                        repository.claimNext(Duration.ofMinutes(1), Set.of()))
                .with((x, y) -> {
                    if (x != null) {
                        taken.add(x.id());
                    }
                    if (y != null) {
                        taken.add(y.id());
                    }
                    return taken;
                })
                .await()
                .atMost(TIMEOUT);
        assertEquals(taken.size(), new HashSet<>(taken).size(), "a job claimed twice: " + taken);
        end(a);
        end(b);
    }

    @Test
    void jobsAreTakenFairlyAcrossDistributorsNotInArrivalOrder() {
        String first = newDistributor();
        String second = newDistributor();
        // the first distributor sent three files, then the second one sent one
        UUID a1 = runningJob(first, Duration.ofSeconds(1), 0);
        UUID a2 = runningJob(first, Duration.ofSeconds(1), 0);
        UUID a3 = runningJob(first, Duration.ofSeconds(1), 0);
        UUID b1 = runningJob(second, Duration.ofSeconds(1), 0);
        UUID[] all = {a1, a2, a3, b1};
        SqlConnection connection = pool.getConnection().await().atMost(TIMEOUT);
        try {
            Transaction tx = connection.begin().await().atMost(TIMEOUT);
            connection
                    .preparedQuery(
                            "update credit_import set status = 'QUEUED', turn_at = null, heartbeat_at = '-infinity' where id = any($1)")
                    .execute(Tuple.of(all))
                    .await()
                    .atMost(TIMEOUT);
            List<UUID> order = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                connection
                        .preparedQuery(ImportRepository.CLAIM_NEXT)
                        .execute(Tuple.of(LEASE_MS, new UUID[0]))
                        .await()
                        .atMost(TIMEOUT)
                        .forEach(r -> order.add(r.getUUID("id")));
            }
            assertEquals(
                    List.of(a1, b1, a2, a3), order, "the second distributor's file does not wait behind the first's");

            // a1 is running and its turn is over: the second distributor runs nothing yet, so a1 gives way...
            connection
                    .preparedQuery("update credit_import set heartbeat_at = '-infinity' where id = any($1)")
                    .execute(Tuple.of(new UUID[] {b1, a2, a3}))
                    .await()
                    .atMost(TIMEOUT);
            assertTrue(othersWaiting(connection, first));
            // ...but once each runs one, neither gives way to the first's other files
            connection
                    .preparedQuery("update credit_import set heartbeat_at = now() where id = $1")
                    .execute(Tuple.of(b1))
                    .await()
                    .atMost(TIMEOUT);
            assertFalse(othersWaiting(connection, first));
            assertFalse(othersWaiting(connection, second));
            tx.rollback().await().atMost(TIMEOUT);
        } finally {
            connection.close().await().atMost(TIMEOUT);
        }
        for (UUID id : all) {
            end(id);
        }
    }

    private static boolean othersWaiting(SqlConnection connection, String distributorId) {
        return connection
                .preparedQuery(ImportRepository.OTHERS_WAITING)
                .execute(Tuple.of(LEASE_MS, distributorId))
                .await()
                .atMost(TIMEOUT)
                .iterator()
                .next()
                .getBoolean(0);
    }

    @Test
    void heartbeatRefreshesOnlyUnfinishedJobs() {
        String d = newDistributor();
        UUID running = runningJob(d, Duration.ofSeconds(30), 0);
        UUID finished = runningJob(d, Duration.ofSeconds(30), 0);
        rows("update credit_import set status = 'COMPLETED', finished_at = now() where id = $1", finished);
        OffsetDateTime finishedBefore = job(finished).getOffsetDateTime("heartbeat_at");

        int touched = repository.heartbeat(Set.of(running, finished)).await().atMost(TIMEOUT);

        assertEquals(1, touched);
        assertTrue(job(running)
                .getOffsetDateTime("heartbeat_at")
                .isAfter(OffsetDateTime.now().minusSeconds(10)));
        assertEquals(finishedBefore, job(finished).getOffsetDateTime("heartbeat_at"));
        assertNull(job(running).getString("failure_reason"));
        end(running);
    }
}
