package dev.aval.imports;

import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.platform.Ids;
import dev.aval.support.AvalTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Several replicas: jobs rows are inserted as another instance would have left them (RUNNING,
 * heartbeat of a given age), then this instance's orphan sweep is called directly. The lease is
 * the default 1 minute; an orphan without its file here is failed after twice the lease.
 */
@AvalTest
class ImportOrphanTest {

    @Inject
    Pool pool;
    @Inject
    ImportLeases leases;
    @Inject
    ImportQueue queue;
    @Inject
    ImportRepository repository;
    @Inject
    ImportStore store;

    /** A job another instance started, its heartbeat {@code age} old, no row processed yet. */
    private UUID runningJob(String distributorId, Duration age) {
        UUID id = Ids.newId();
        rows("""
                insert into credit_import (id, distributor_id, mode, dry_run, file_size, status, actor, created_at,
                                           started_at, heartbeat_at)
                values ($1, $2, 'CREATE', false, 0, 'RUNNING', 'other-instance', now() - $3 * interval '1 second',
                        now() - $3 * interval '1 second', now() - $3 * interval '1 second')""",
                id, distributorId, age.toSeconds());
        return id;
    }

    private Row job(UUID id) {
        return rows("select * from credit_import where id = $1", id).get(0);
    }

    private List<Row> rows(String sql, Object... params) {
        List<Row> list = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(TIMEOUT).forEach(list::add);
        return list;
    }

    private Row awaitEnd(UUID id) {
        return Awaitility.await("import " + id + " ending").atMost(TIMEOUT)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> job(id),
                        job -> job.getString("status").equals("COMPLETED") || job.getString("status").equals("FAILED"));
    }

    @Test
    void jobWithAFreshHeartbeatIsLeftToItsInstance() {
        String d = newDistributor();
        UUID id = runningJob(d, Duration.ofSeconds(10));
        OffsetDateTime before = job(id).getOffsetDateTime("heartbeat_at");

        leases.sweep().await().atMost(TIMEOUT);

        Row after = job(id);
        assertEquals("RUNNING", after.getString("status"));
        assertNull(after.getString("failure_reason"));
        assertEquals(before, after.getOffsetDateTime("heartbeat_at"), "a fresh job is not even claimed");
        rows("update credit_import set status = 'FAILED', finished_at = now() where id = $1", id);
    }

    @Test
    void staleJobWhoseFileIsNotHereIsMarkedFailedWithTheReason() {
        String d = newDistributor();
        UUID id = runningJob(d, Duration.ofMinutes(10));

        leases.sweep().await().atMost(TIMEOUT);

        Row after = awaitEnd(id);
        assertEquals("FAILED", after.getString("status"));
        assertEquals("interrupted: the uploaded file was on an instance that stopped; upload it again",
                after.getString("failure_reason"));
        assertEquals(0, after.getInteger("processed_rows"));
    }

    @Test
    void staleJobWithoutItsFileWaitsOneMoreLeaseForTheInstanceThatHasIt() {
        String d = newDistributor();
        UUID id = runningJob(d, Duration.ofSeconds(90));

        leases.sweep().await().atMost(TIMEOUT);

        Row after = job(id);
        assertEquals("RUNNING", after.getString("status"));
        assertNull(after.getString("failure_reason"));
        rows("update credit_import set status = 'FAILED', finished_at = now() where id = $1", id);
    }

    @Test
    void staleJobWhoseFileIsHereIsResumedOnceByOneOfTwoConcurrentSweeps() throws IOException {
        String d = newDistributor();
        List<String> documents = List.of(newCpf(), newCpf(), newCpf());
        StringBuilder csv = new StringBuilder("documentType,document,email,creditLimit,tolerance\n");
        documents.forEach(doc -> csv.append("CPF,").append(doc).append(",a@cliente.com.br,1000.00,0.1\n"));
        UUID id = runningJob(d, Duration.ofMinutes(5));
        Path file = store.pathOf(id);
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        // two instances sweeping at once (the scheduled tick may be a third): at most one claim here
        int claimed = Uni.combine().all().unis(leases.sweep(), leases.sweep()).with((a, b) -> a + b)
                .await().atMost(TIMEOUT);
        assertTrue(claimed <= 1, "claimed " + claimed + " times");

        Row done = awaitEnd(id);
        assertEquals("COMPLETED", done.getString("status"), String.valueOf(done.getString("failure_reason")));
        assertEquals(3, done.getInteger("total_rows"));
        assertEquals(3, done.getInteger("processed_rows"));
        assertEquals(3, done.getInteger("created_count"));
        assertEquals(0, done.getInteger("failed_count"));
        assertEquals(3L, rows("select count(*) from credit_account where distributor_id = $1", d).get(0).getLong(0));
        assertEquals(3L, rows("""
                select count(*) from credit_statement_entry e join credit_account a on a.id = e.account_id
                 where a.distributor_id = $1 and e.type = 'OPENED'""", d).get(0).getLong(0));
        assertTrue(!Files.exists(file), "the file is deleted once the job completed");

        assertEquals(0, leases.sweep().await().atMost(TIMEOUT), "a finished job is no orphan");
    }

    @Test
    void staleJobCutOffPartWayResumesAfterItsLastCommittedChunkAndRemembersItsDocuments() throws IOException {
        String d = newDistributor();
        String d1 = newCpf();
        String d2 = newCpf();
        String d3 = newCpf();
        String d4 = newCpf();
        String csv = "documentType,document,email,creditLimit,tolerance\n"
                + "CPF," + d1 + ",a@cliente.com.br,10.00,\n"     // 2 committed before the cut
                + "CPF," + d2 + ",b@cliente.com.br,10.00,\n"     // 3 committed before the cut
                + "CPF," + d3 + ",c@cliente.com.br,10.00,\n"     // 4
                + "CPF," + d1 + ",again@cliente.com.br,10.00,\n" // 5 a duplicate of line 2
                + "CPF," + d4 + ",d@cliente.com.br,10.00,\n";    // 6
        UUID id = runningJob(d, Duration.ofMinutes(5));
        // its instance had stored the file's shape and committed a first chunk of 2 rows, then stopped
        rows("""
                update credit_import set header = $2, delimiter = ',', total_rows = 5, processed_rows = 2, created_count = 2
                 where id = $1""", id, new String[] { "documentType", "document", "email", "creditLimit", "tolerance" });
        rows("insert into credit_import_document (import_id, document) values ($1, $2), ($1, $3)", id, d1, d2);
        Path file = store.pathOf(id);
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        leases.sweep().await().atMost(TIMEOUT);

        Row done = awaitEnd(id);
        assertEquals("COMPLETED", done.getString("status"), String.valueOf(done.getString("failure_reason")));
        assertEquals(5, done.getInteger("processed_rows"));
        assertEquals(4, done.getInteger("created_count"));
        assertEquals(1, done.getInteger("failed_count"));
        // the first two rows are not applied again (their accounts were never made here, so they stay absent)
        Set<String> opened = new java.util.HashSet<>();
        rows("select document from credit_account where distributor_id = $1", d).forEach(r -> opened.add(r.getString(0)));
        assertEquals(Set.of(d3, d4), opened);
        List<Row> errors = rows("select line, document, messages from credit_import_error where import_id = $1", id);
        assertEquals(1, errors.size());
        assertEquals(5, errors.get(0).getInteger("line"));
        assertEquals(d1, errors.get(0).getString("document"));
        assertEquals("appears more than once in this file", errors.get(0).getArrayOfStrings("messages")[0]);
        assertTrue(!Files.exists(file), "the file is deleted once the job completed");
    }

    @Test
    void aJobThatEndedElsewhereHasItsFileHereDeletedWhenItsTurnComes() throws IOException {
        String d = newDistributor();
        UUID id = runningJob(d, Duration.ofMinutes(5));
        // another instance marked it FAILED (it did not have the file) while this one still queued it
        rows("update credit_import set status = 'FAILED', failure_reason = 'elsewhere', finished_at = now() where id = $1", id);
        Path file = store.pathOf(id);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "documentType,document,email,creditLimit,tolerance\n", StandardCharsets.UTF_8);

        queue.submit(id);

        awaitDeleted(file);
        Row after = job(id);
        assertEquals("FAILED", after.getString("status"));
        assertEquals("elsewhere", after.getString("failure_reason"));
    }

    static void awaitDeleted(Path file) {
        Awaitility.await(file + " deleted").atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> !Files.exists(file));
    }

    @Test
    void heartbeatRefreshesOnlyUnfinishedJobs() {
        String d = newDistributor();
        UUID running = runningJob(d, Duration.ofSeconds(30));
        UUID finished = runningJob(d, Duration.ofSeconds(30));
        rows("update credit_import set status = 'COMPLETED', finished_at = now() where id = $1", finished);
        OffsetDateTime finishedBefore = job(finished).getOffsetDateTime("heartbeat_at");

        int touched = repository.heartbeat(Set.of(running, finished)).await().atMost(TIMEOUT);

        assertEquals(1, touched);
        assertTrue(job(running).getOffsetDateTime("heartbeat_at").isAfter(OffsetDateTime.now().minusSeconds(10)));
        assertEquals(finishedBefore, job(finished).getOffsetDateTime("heartbeat_at"));
        rows("update credit_import set status = 'FAILED', finished_at = now() where id = $1", running);
    }
}
