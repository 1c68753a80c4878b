package dev.aval.imports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.credit.ImportMode;
import dev.aval.platform.EventLog;
import dev.aval.platform.EventType;
import dev.aval.platform.Problem.FieldError;
import dev.aval.platform.SystemClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The SQL of import jobs and their failed rows, on the reactive {@code Pool}: a job's progress
 * must commit in the same transaction (the same connection) as its chunk of accounts, which
 * {@link dev.aval.credit.AccountImportWriter} writes with set-based SQL. Rows are mapped here only.
 */
@ApplicationScoped
class ImportRepository {

    /** A job as stored. */
    record Job(
            UUID id,
            String distributorId,
            ImportMode mode,
            boolean dryRun,
            String fileName,
            long fileSize,
            ImportStatus status,
            String failureReason,
            List<String> header,
            Character delimiter,
            Integer totalRows,
            int processedRows,
            int createdCount,
            int updatedCount,
            int unchangedCount,
            int failedCount,
            String actor,
            Instant createdAt,
            Instant startedAt,
            Instant finishedAt) {

        ImportView view() {
            java.math.BigDecimal progress = totalRows == null || totalRows == 0
                    ? (status == ImportStatus.COMPLETED ? java.math.BigDecimal.ONE : java.math.BigDecimal.ZERO)
                    : java.math.BigDecimal.valueOf(processedRows)
                            .divide(java.math.BigDecimal.valueOf(totalRows), 4, java.math.RoundingMode.DOWN);
            return new ImportView(
                    id,
                    mode,
                    dryRun,
                    fileName,
                    status,
                    totalRows,
                    processedRows,
                    createdCount,
                    updatedCount,
                    unchangedCount,
                    failedCount,
                    progress,
                    failureReason,
                    createdAt,
                    startedAt,
                    finishedAt,
                    actor);
        }
    }

    /** One failed row as stored: the record's values as uploaded, to write it back. */
    record Failure(int line, String document, List<FieldError> errors, List<String> record) {}

    /** What one committed chunk adds to the job. */
    record Progress(int processed, int created, int updated, int unchanged, List<Failure> failures) {}

    /** Another runner moved the job on (or it ended): this one must stop. */
    static final class TakenOver extends RuntimeException {
        private final boolean ended;

        TakenOver(String message, boolean ended) {
            super(message, null, false, false);
            this.ended = ended;
        }

        /** The job is COMPLETED or FAILED, not merely moved on by another runner that still needs its file. */
        boolean ended() {
            return ended;
        }
    }

    /** The distributor already has its most jobs QUEUED or RUNNING. */
    static final class QueueFull extends RuntimeException {
        QueueFull(long active) {
            super(active + " imports queued or running", null, false, false);
        }
    }

    private static final String COLUMNS = """
            id, distributor_id, mode, dry_run, file_name, file_size, status, failure_reason, header, delimiter, total_rows,
            processed_rows, created_count, updated_count, unchanged_count, failed_count, actor, created_at,
            started_at, finished_at""";

    private static final String INSERT = """
            insert into credit_import (id, distributor_id, mode, dry_run, file_name, file_size, status, actor, created_at,
                                       heartbeat_at)
            values ($1, $2, $3, $4, $5, $6, 'QUEUED', $7, $8, '-infinity')
            returning\s""" + COLUMNS;
    private static final String LOCK_DISTRIBUTOR = "select pg_advisory_xact_lock(hashtext('credit_import:' || $1))";
    private static final String ACTIVE = """
            select count(*) from credit_import where distributor_id = $1 and status in ('QUEUED', 'RUNNING')""";
    private static final String FIND = "select " + COLUMNS + " from credit_import where id = $1";
    private static final String FIND_IN =
            "select " + COLUMNS + " from credit_import where id = $1 and distributor_id = $2";
    private static final String HISTORY = "select " + COLUMNS + """
            \sfrom credit_import where distributor_id = $1 and ($2::uuid is null or id < $2) order by id desc limit $3""";
    private static final String HEARTBEAT = """
            update credit_import set heartbeat_at = now() where id = any($1) and status in ('QUEUED', 'RUNNING')""";
    /**
     * Takes the next free job (QUEUED, or RUNNING with a heartbeat older than the lease: its
     * runner stopped or handed it over) for this instance, fairly: first the distributor with the
     * fewest jobs being run anywhere, then the one whose latest turn is oldest (never had one:
     * first), then the oldest job. SKIP LOCKED: instances claiming at once take different jobs.
     */
    static final String CLAIM_NEXT = """
            update credit_import c set heartbeat_at = now(), turn_at = now()
             where c.id = (
                   select j.id from credit_import j
                    where j.status in ('QUEUED', 'RUNNING') and j.heartbeat_at < now() - $1 * interval '1 millisecond'
                      and not (j.id = any($2))
                    order by (select count(*) from credit_import h
                               where h.distributor_id = j.distributor_id and h.status in ('QUEUED', 'RUNNING')
                                 and h.heartbeat_at >= now() - $1 * interval '1 millisecond'),
                             (select max(h.turn_at) from credit_import h
                               where h.distributor_id = j.distributor_id and h.status in ('QUEUED', 'RUNNING'))
                               nulls first,
                             j.id
                    limit 1
                    for update skip locked)
               and c.status in ('QUEUED', 'RUNNING') and c.heartbeat_at < now() - $1 * interval '1 millisecond'
            returning\s""" + COLUMNS;
    /**
     * Whether a free job of another distributor waits, whose distributor has fewer jobs being run
     * than this one: then this job ends its turn (a swap that only moves the imbalance is not made).
     */
    static final String OTHERS_WAITING = """
            select exists (
                   select 1 from credit_import j
                    where j.status in ('QUEUED', 'RUNNING') and j.heartbeat_at < now() - $1 * interval '1 millisecond'
                      and j.distributor_id <> $2
                      and (select count(*) from credit_import h
                            where h.distributor_id = j.distributor_id and h.status in ('QUEUED', 'RUNNING')
                              and h.heartbeat_at >= now() - $1 * interval '1 millisecond')
                          < (select count(*) from credit_import h
                              where h.distributor_id = $2 and h.status in ('QUEUED', 'RUNNING')
                                and h.heartbeat_at >= now() - $1 * interval '1 millisecond'))""";
    /** Hands jobs over: free at once for any instance, instead of after the lease. */
    private static final String RELEASE = """
            update credit_import set heartbeat_at = '-infinity' where id = any($1) and status in ('QUEUED', 'RUNNING')""";

    private static final String START = """
            update credit_import set status = 'RUNNING', started_at = coalesce(started_at, $2), heartbeat_at = now()
             where id = $1 and status in ('QUEUED', 'RUNNING')""";
    private static final String SHAPE = """
            update credit_import set header = $2, delimiter = $3, total_rows = $4 where id = $1 and status = 'RUNNING'""";
    /**
     * The job ends: its stored file and the documents it met are deleted in the same statement; the
     * job is answered as it ended (no row: it had already ended).
     */
    private static final String FINISH = """
            with met as (delete from credit_import_document where import_id = $1),
                 file as (delete from credit_import_file where import_id = $1)
            update credit_import set status = $2, failure_reason = $3, finished_at = $4
             where id = $1 and status in ('QUEUED', 'RUNNING')
            returning\s""" + COLUMNS;
    /** Registers the documents of a chunk; answers those not met before (a duplicate is not returned). */
    private static final String MEET = """
            insert into credit_import_document (import_id, document)
            select $1, d from unnest($2::text[]) as d
            on conflict do nothing
            returning document""";

    private static final String LOCK_PROGRESS =
            "select processed_rows, status from credit_import where id = $1 for update";
    private static final String ADD_PROGRESS = """
            update credit_import
               set processed_rows = processed_rows + $2, created_count = created_count + $3,
                   updated_count = updated_count + $4, unchanged_count = unchanged_count + $5,
                   failed_count = failed_count + $6, heartbeat_at = now()
             where id = $1""";
    private static final String INSERT_FAILURES = """
            insert into credit_import_error (import_id, line, document, fields, messages, record)
            select $1, u.line, u.document, string_to_array(u.fields, chr(31)), string_to_array(u.messages, chr(31)),
                   string_to_array(u.record, chr(31))
              from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
                   as u (line, document, fields, messages, record)
            on conflict (import_id, line) do nothing""";
    private static final String FAILURES = """
            select line, document, fields, messages, record from credit_import_error
             where import_id = $1 and line > $2 order by line limit $3""";

    /** Joins array elements for string_to_array: the unit separator never appears in CSV text we keep. */
    private static final char SEP = 31;

    @Inject
    Pool pool;

    @Inject
    EventLog events;

    @Inject
    Clock clock;

    /**
     * A new QUEUED job, unless its distributor already has {@code maxActive} jobs QUEUED or
     * RUNNING: then {@link QueueFull}. Uploads of one distributor are counted one at a time (an
     * advisory lock on the distributor, held by the transaction), so concurrent uploads cannot
     * all pass the count.
     */
    Uni<Job> insert(
            UUID id,
            String distributorId,
            ImportMode mode,
            boolean dryRun,
            String fileName,
            long size,
            String actor,
            int maxActive) {
        return pool.withTransaction(
                tx -> insert(tx, id, distributorId, mode, dryRun, fileName, size, actor, maxActive));
    }

    /**
     * The same, on a connection whose transaction the caller holds (an upload with an
     * Idempotency-Key: the job and the stored answer commit together).
     */
    Uni<Job> insert(
            SqlConnection tx,
            UUID id,
            String distributorId,
            ImportMode mode,
            boolean dryRun,
            String fileName,
            long size,
            String actor,
            int maxActive) {
        Tuple tuple = Tuple.tuple()
                .addValue(id)
                .addValue(distributorId)
                .addValue(mode.name())
                .addValue(dryRun)
                .addValue(fileName)
                .addValue(size)
                .addValue(actor)
                .addValue(utc(SystemClock.now(clock)));
        return tx.preparedQuery(LOCK_DISTRIBUTOR)
                .execute(Tuple.of(distributorId))
                .chain(() -> tx.preparedQuery(ACTIVE).execute(Tuple.of(distributorId)))
                .chain(active -> {
                    long count = active.iterator().next().getLong(0);
                    if (count >= maxActive) {
                        return Uni.createFrom().failure(new QueueFull(count));
                    }
                    return tx.preparedQuery(INSERT)
                            .execute(tuple)
                            .map(rows -> job(rows.iterator().next()));
                });
    }

    /** How many jobs the distributor has QUEUED or RUNNING. */
    Uni<Long> active(String distributorId) {
        return pool.preparedQuery(ACTIVE)
                .execute(Tuple.of(distributorId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    Uni<Job> find(UUID id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(ImportRepository::firstJob);
    }

    Uni<Job> find(String distributorId, UUID id) {
        return pool.preparedQuery(FIND_IN).execute(Tuple.of(id, distributorId)).map(ImportRepository::firstJob);
    }

    /** Up to {@code limit} jobs older than {@code before} (null: the newest), newest first. */
    Uni<List<Job>> history(String distributorId, UUID before, int limit) {
        return pool.preparedQuery(HISTORY)
                .execute(Tuple.of(distributorId, before, limit))
                .map(rows -> {
                    List<Job> jobs = new ArrayList<>();
                    rows.forEach(r -> jobs.add(job(r)));
                    return jobs;
                });
    }

    /**
     * One transaction on one pool connection: a chunk's accounts (written by
     * {@link dev.aval.credit.AccountImportWriter}) and the job's progress commit together.
     */
    <T> Uni<T> inTransaction(java.util.function.Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** Fresh planner statistics for the tables the writer grows (its own statement, on the pool). */
    Uni<Void> refreshStatistics(dev.aval.credit.AccountImportWriter writer) {
        return writer.refreshStatistics(pool);
    }

    /** Marks the jobs this instance holds as alive; completes with how many rows were touched. */
    Uni<Integer> heartbeat(Collection<UUID> ids) {
        return pool.preparedQuery(HEARTBEAT)
                .execute(Tuple.of(ids.toArray(new UUID[0])))
                .map(RowSet::rowCount);
    }

    /** The next free job, now this instance's (null when none is free); {@code held} are this instance's own. */
    Uni<Job> claimNext(Duration lease, Collection<UUID> held) {
        return pool.preparedQuery(CLAIM_NEXT)
                .execute(Tuple.of(lease.toMillis(), held.toArray(new UUID[0])))
                .map(ImportRepository::firstJob);
    }

    /** True when a free job of a distributor running fewer jobs than {@code distributorId} waits. */
    Uni<Boolean> othersWaiting(Duration lease, String distributorId) {
        return pool.preparedQuery(OTHERS_WAITING)
                .execute(Tuple.of(lease.toMillis(), distributorId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Hands the jobs over: any instance may claim them at once. */
    Uni<Integer> release(Collection<UUID> ids) {
        return pool.preparedQuery(RELEASE)
                .execute(Tuple.of(ids.toArray(new UUID[0])))
                .map(RowSet::rowCount);
    }

    /** QUEUED (or an interrupted RUNNING) → RUNNING; false when the job already ended. */
    Uni<Boolean> start(UUID id) {
        return pool.preparedQuery(START)
                .execute(Tuple.of(id, utc(SystemClock.now(clock))))
                .map(r -> r.rowCount() == 1);
    }

    Uni<Void> shape(UUID id, List<String> header, char delimiter, int totalRows) {
        String[] cells = header.stream().map(ImportRepository::withoutNul).toArray(String[]::new);
        return pool.preparedQuery(SHAPE)
                .execute(Tuple.of(id, cells, String.valueOf(delimiter), totalRows))
                .replaceWithVoid();
    }

    /**
     * Ends the job COMPLETED or FAILED and, in the same transaction, appends {@code import.completed}
     * or {@code import.failed} (subject the job's id, data the job as the API answers it, whose
     * {@code actor} is the uploader's); a job that had already ended is left as it is, without an event.
     */
    Uni<Void> finish(UUID id, ImportStatus status, String reason) {
        // the reason may quote the file's cells: a NUL byte would make PostgreSQL refuse it
        String shortReason =
                reason == null ? null : withoutNul(reason.length() <= 500 ? reason : reason.substring(0, 497) + "...");
        Instant now = SystemClock.now(clock);
        EventType type = status == ImportStatus.COMPLETED ? EventType.IMPORT_COMPLETED : EventType.IMPORT_FAILED;
        return pool.withTransaction(tx -> tx.preparedQuery(FINISH)
                .execute(Tuple.of(id, status.name(), shortReason, utc(now)))
                .map(ImportRepository::firstJob)
                .chain(job -> job == null
                        ? Uni.createFrom().voidItem()
                        : events.append(tx, job.distributorId(), type, id.toString(), job.view(), null, null, now)));
    }

    /**
     * Locks the job row inside a chunk's transaction and checks that no one else committed
     * past {@code expected}: the guard that makes each record count (and apply) once.
     */
    Uni<Void> lockProgress(SqlConnection tx, UUID id, int expected) {
        return tx.preparedQuery(LOCK_PROGRESS)
                .execute(Tuple.of(id))
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    String status = row.getString("status");
                    if (row.getInteger("processed_rows") != expected || !"RUNNING".equals(status)) {
                        throw new TakenOver(
                                "import " + id + " is at row " + row.getInteger("processed_rows") + " (" + status
                                        + "), this runner expected " + expected,
                                "COMPLETED".equals(status) || "FAILED".equals(status));
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Registers documents met in the file, in a chunk's transaction; completes with those the
     * file had not met before. {@code documents} must be distinct.
     */
    Uni<Set<String>> meet(SqlConnection tx, UUID id, Collection<String> documents) {
        if (documents.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return tx.preparedQuery(MEET)
                .execute(Tuple.of(id, documents.toArray(new String[0])))
                .map(rows -> {
                    Set<String> fresh = new HashSet<>(rows.rowCount() * 2);
                    rows.forEach(r -> fresh.add(r.getString(0)));
                    return fresh;
                });
    }

    /** Adds a chunk's counts and failed rows, in the chunk's transaction. */
    Uni<Void> record(SqlConnection tx, UUID id, Progress progress) {
        Uni<Void> failures = Uni.createFrom().voidItem();
        if (!progress.failures().isEmpty()) {
            int n = progress.failures().size();
            Integer[] lines = new Integer[n];
            String[] documents = new String[n];
            String[] fields = new String[n];
            String[] messages = new String[n];
            String[] records = new String[n];
            for (int i = 0; i < n; i++) {
                Failure f = progress.failures().get(i);
                lines[i] = f.line();
                documents[i] = f.document() == null ? null : clean(f.document());
                fields[i] = join(f.errors().stream().map(FieldError::field).toList());
                messages[i] = join(f.errors().stream().map(FieldError::message).toList());
                records[i] = join(f.record());
            }
            failures = tx.preparedQuery(INSERT_FAILURES)
                    .execute(Tuple.of(id, lines, documents, fields, messages).addValue(records))
                    .replaceWithVoid();
        }
        return failures.chain(() -> tx.preparedQuery(ADD_PROGRESS)
                .execute(
                        Tuple.of(id, progress.processed(), progress.created(), progress.updated(), progress.unchanged())
                                .addValue(progress.failures().size()))
                .replaceWithVoid());
    }

    /** Up to {@code limit} failed rows after {@code afterLine}, by line. */
    Uni<List<Failure>> failures(UUID importId, int afterLine, int limit) {
        return pool.preparedQuery(FAILURES)
                .execute(Tuple.of(importId, afterLine, limit))
                .map(rows -> {
                    List<Failure> list = new ArrayList<>();
                    for (Row r : rows) {
                        String[] fields = r.getArrayOfStrings("fields");
                        String[] messages = r.getArrayOfStrings("messages");
                        List<FieldError> errors = new ArrayList<>();
                        for (int i = 0; i < fields.length; i++) {
                            errors.add(new FieldError(fields[i], messages[i]));
                        }
                        list.add(new Failure(
                                r.getInteger("line"),
                                r.getString("document"),
                                errors,
                                List.of(r.getArrayOfStrings("record"))));
                    }
                    return list;
                });
    }

    private static String join(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(SEP);
            }
            sb.append(clean(values.get(i)));
        }
        return sb.toString();
    }

    /** PostgreSQL text cannot hold NUL; the separator must not appear inside a value. */
    private static String clean(String value) {
        return withoutNul(value.replace(SEP, ' '));
    }

    /** The text as PostgreSQL stores it: a NUL byte (which it refuses in text) as a space. */
    private static String withoutNul(String value) {
        return value.replace('\u0000', ' ');
    }

    private static Job firstJob(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? job(rows.iterator().next()) : null;
    }

    private static Job job(Row r) {
        String[] header = r.getArrayOfStrings("header");
        String delimiter = r.getString("delimiter");
        return new Job(
                r.getUUID("id"),
                r.getString("distributor_id"),
                ImportMode.valueOf(r.getString("mode")),
                r.getBoolean("dry_run"),
                r.getString("file_name"),
                r.getLong("file_size"),
                ImportStatus.valueOf(r.getString("status")),
                r.getString("failure_reason"),
                header == null ? null : List.of(header),
                delimiter == null ? null : delimiter.charAt(0),
                r.getInteger("total_rows"),
                r.getInteger("processed_rows"),
                r.getInteger("created_count"),
                r.getInteger("updated_count"),
                r.getInteger("unchanged_count"),
                r.getInteger("failed_count"),
                r.getString("actor"),
                instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("started_at")),
                instant(r.getOffsetDateTime("finished_at")));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
