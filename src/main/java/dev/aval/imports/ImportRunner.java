package dev.aval.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import dev.aval.credit.AccountImportWriter;
import dev.aval.credit.AccountImportWriter.Outcome;
import dev.aval.credit.AccountImportWriter.Result;
import dev.aval.imports.ImportRepository.Failure;
import dev.aval.imports.ImportRepository.Job;
import dev.aval.imports.ImportRepository.Orphan;
import dev.aval.imports.ImportRepository.Progress;
import dev.aval.imports.ImportRepository.TakenOver;
import dev.aval.platform.Problem.FieldError;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Runs import jobs, one at a time and in submission order, as one Mutiny pipeline: a queue
 * ({@code Multi}) of job ids, each job a {@code Uni} concatenated after the previous one. File
 * work (detecting the shape, counting, reading the next chunk, deleting) is blocking I/O and
 * runs on the runner's own thread; database work goes through the reactive {@code Pool}.
 * Nothing here ever blocks the event loop or waits on a {@code Uni}.
 * <p>
 * A job streams its file twice: once to count records (and reject a malformed file before
 * changing anything), then in chunks of {@code aval.import.chunk-size} records. Each chunk is
 * applied in ONE transaction that also advances {@code processed_rows}; a restart skips the
 * records already committed and continues, so no row is applied twice. A chunk whose
 * transaction fails is retried row by row, so good rows still land and the bad one becomes a
 * row error.
 * <p>
 * A failure of the database itself ({@link TransientFailure}: connection lost, failover, deadlock)
 * is no row error and no job failure: the statement is retried with a bounded backoff, and if
 * the database stays away the runner stops, leaving the job RUNNING with its file; its heartbeat
 * then lapses and the orphan sweep resumes it after the last committed chunk.
 * <p>
 * Several replicas: the jobs an instance holds (queued here or running) get their
 * {@code heartbeat_at} refreshed every {@code aval.import.heartbeat-every} (and at each chunk).
 * A job whose heartbeat is older than {@code aval.import.lease} is an orphan: at start-up and on
 * every tick, each instance claims orphans atomically (one instance wins each) and resumes those
 * whose file it has, or marks them FAILED. Jobs with a fresh heartbeat are never touched.
 */
@ApplicationScoped
class ImportRunner {

    private static final FieldError DUPLICATE = new FieldError("document", "appears more than once in this file");
    /** Backoff while the database is away: 0.25 s doubling up to 5 s, 8 retries (about half a minute). */
    private static final Duration RETRY_FIRST = Duration.ofMillis(250);
    private static final Duration RETRY_MAX = Duration.ofSeconds(5);
    private static final int RETRIES = 8;

    @Inject
    ImportRepository repository;
    @Inject
    ImportStore store;
    @Inject
    ImportConfig config;
    @Inject
    AccountImportWriter writer;
    @Inject
    Pool pool;
    @Inject
    Validator validator;

    /** The one thread for blocking file work; jobs never run two at a time anyway. */
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "aval-import");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;
    /** Job ids in submission order; serialized, so submit may be called from any thread. */
    private volatile MultiEmitter<? super UUID> queue;
    /** Jobs queued or running here: their heartbeat is refreshed every {@code aval.import.heartbeat-every}. */
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    /** Completes when the job in progress ends: shutdown waits for it (bounded). */
    private volatile CompletableFuture<Void> current = CompletableFuture.completedFuture(null);

    /** One CSV record on its way: a valid row, or its errors. */
    private record Item(CsvFile.Record record, AccountImportWriter.Row row, RowCheck.Invalid invalid) {
    }

    /** Where one job stands while it walks its file; the file side is only touched on the runner's thread. */
    private static final class Walk {
        final Job job;
        final RowValidator rows;
        final SeenDocuments seen = new SeenDocuments();
        final AccountImportWriter.Batch batch;
        final int chunkSize;
        /** Read on the runner's thread only. */
        CsvFile csv;
        /** The next chunk, being read while the current one commits. */
        CompletableFuture<List<Item>> ahead;
        int processed;
        /** Statistics are refreshed each time the job's writes grow twofold, so plans follow the growth. */
        int analyzeAt;
        boolean stopped;

        Walk(Job job, RowValidator rows, int chunkSize) {
            this.job = job;
            this.rows = rows;
            this.batch = new AccountImportWriter.Batch(job.distributorId(),
                    job.mode(), job.dryRun(), job.id(), job.actor());
            this.chunkSize = chunkSize;
            this.processed = job.processedRows();
            this.analyzeAt = Math.max(processed * 2, 1000);
        }

        void close() {
            if (csv != null) {
                try {
                    csv.close();
                } catch (java.io.IOException e) {
                    Log.warnf("import %s: could not close its file: %s", job.id(), e.getMessage());
                }
            }
        }
    }

    @PostConstruct
    void init() {
        Multi.createFrom().<UUID> emitter(emitter -> queue = emitter, BackPressureStrategy.BUFFER)
                .onItem().transformToUniAndConcatenate(this::run)
                .subscribe().with(done -> {
                }, e -> Log.errorf(e, "the import queue stopped; queued imports are taken over once their lease expires"));
    }

    /** Orphans left by instances that stopped (this one's previous life included) are looked for at once. */
    void onStart(@Observes StartupEvent event) {
        if (config.lease().compareTo(config.heartbeatEvery().multipliedBy(3)) < 0) {
            Log.warnf("aval.import.lease (%s) should be at least 3 × aval.import.heartbeat-every (%s): live jobs may be"
                    + " taken for orphans", config.lease(), config.heartbeatEvery());
        }
        sweep().subscribe().with(claimed -> {
        }, e -> Log.errorf("could not look for orphaned imports: %s", e.toString()));
    }

    /** Keeps this instance's jobs alive, then takes over the orphans of instances that stopped. */
    @Scheduled(every = "${aval.import.heartbeat-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return heartbeat().chain(this::sweep)
                .onFailure().invoke(e -> Log.warnf("import heartbeat or orphan sweep failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Refreshes the heartbeat of the jobs held here (queued or running); completes with how many. */
    Uni<Integer> heartbeat() {
        Set<UUID> ids = Set.copyOf(held);
        return ids.isEmpty() ? Uni.createFrom().item(0) : repository.heartbeat(ids);
    }

    /**
     * Claims the orphaned jobs (heartbeat older than the lease; each claimed by one instance
     * only) and resumes each one whose file is here, or marks it FAILED. A job whose file is not
     * here is left for one more lease, for the instance that has it. Completes with how many
     * jobs this instance claimed.
     */
    Uni<Integer> sweep() {
        Duration lease = config.lease();
        return repository.orphans(lease, lease.multipliedBy(2), Set.copyOf(held))
                .onItem().transformToMulti(orphans -> Multi.createFrom().iterable(orphans))
                .onItem().transformToUniAndConcatenate(this::adopt)
                .collect().with(Collectors.summingInt(claimed -> claimed ? 1 : 0));
    }

    private Uni<Boolean> adopt(Orphan orphan) {
        boolean resume = config.resumeOnStart();
        // a worker thread, not the runner's: a job's long file work must not hold up the sweep
        return Uni.createFrom().item(() -> resume && Files.isReadable(store.pathOf(orphan.id())))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(here -> resume && !here && !orphan.longOrphaned()
                        ? Uni.createFrom().item(false)
                        : repository.claim(orphan).call(won -> won ? take(orphan.id(), here) : Uni.createFrom().voidItem()));
    }

    /** A job this instance just claimed: resumed here when its file is here, else FAILED. */
    private Uni<Void> take(UUID id, boolean fileHere) {
        if (fileHere) {
            Log.infof("resuming import %s: the instance holding it stopped", id);
            submit(id);
            return Uni.createFrom().voidItem();
        }
        return fail(id, config.resumeOnStart()
                ? "interrupted: the uploaded file was on an instance that stopped; upload it again"
                : "interrupted: the instance running it stopped; upload the file again");
    }

    /** Lets the job in progress finish its chunk (up to 10 s); it is taken over (resumed) once its lease expires. */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        try {
            current.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            Log.infof("an import was still busy at shutdown; it resumes once its lease expires");
        }
        executor.shutdown();
    }

    void submit(UUID importId) {
        held.add(importId);
        queue.emit(importId);
    }

    /** One job, from QUEUED to its end; never fails (so the next job always runs). */
    private Uni<Void> run(UUID id) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Path file = store.pathOf(id);
        return Uni.createFrom().item(id).emitOn(executor)
                .invoke(() -> current = ended)
                .chain(() -> db(id, () -> repository.find(id)))
                .chain(job -> job == null || job.status() == ImportStatus.COMPLETED || job.status() == ImportStatus.FAILED
                        ? forget(id)
                        : blocking(() -> Files.isReadable(file)).chain(readable -> readable
                                ? db(id, () -> repository.start(id))
                                        .chain(started -> started ? execute(job, file) : Uni.createFrom().voidItem())
                                : fail(id, "the uploaded file is no longer available; upload it again")))
                .onFailure().recoverWithUni(e -> stoppedBy(id, e))
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "import %s: could not be handled", id);
                    return null;
                })
                .onTermination().invoke(() -> {
                    held.remove(id);
                    ended.complete(null);
                });
    }

    /** A started job: shape, count, chunks, then COMPLETED and the file deleted. */
    private Uni<Void> execute(Job job, Path file) {
        UUID id = job.id();
        return blocking(() -> CsvFile.detect(file))
                .chain(shape -> (job.totalRows() != null ? Uni.createFrom().item(job.totalRows())
                        : blocking(() -> count(file, shape))
                                .call(total -> db(id, () -> repository.shape(id, shape.header(), shape.delimiter(), total))))
                        .chain(total -> process(job, file, shape)))
                .chain(completed -> !completed ? Uni.createFrom().voidItem()
                        : db(id, () -> repository.finish(id, ImportStatus.COMPLETED, null))
                                .call(() -> blocking(() -> {
                                    store.delete(id);
                                    return null;
                                }))
                                .chain(() -> repository.find(id)
                                        .invoke(done -> Log.infof(
                                                "import %s COMPLETED: %d rows, %d created, %d updated, %d unchanged, %d failed",
                                                id, done.processedRows(), done.createdCount(), done.updatedCount(),
                                                done.unchangedCount(), done.failedCount()))
                                        .onFailure().recoverWithItem(e -> {
                                            Log.infof("import %s COMPLETED (counts not read back: %s)", id, e.toString());
                                            return null;
                                        }))
                                .replaceWithVoid());
    }

    /** Why a job stopped: a bad file fails it, a takeover or a shutdown leaves it to others. */
    private Uni<Void> stoppedBy(UUID id, Throwable e) {
        if (e instanceof CsvFile.Unreadable) {
            return fail(id, e.getMessage());
        }
        if (e instanceof TakenOver takenOver) {
            Log.warnf("import %s stopped here: %s", id, e.getMessage());
            // a job still RUNNING is another runner's now, or ours whose last commit landed unanswered
            // (resumed from this file once its lease expires): either way the file is still needed,
            // and whoever ends the job deletes it
            return takenOver.ended() ? forget(id) : Uni.createFrom().voidItem();
        }
        if (TransientFailure.is(e)) {
            Log.warnf("import %s paused: the database stayed unavailable (%s); it stays RUNNING with its file and resumes"
                    + " after its last committed chunk once its lease expires", id, e.toString());
            return Uni.createFrom().voidItem();
        }
        if (stopping) {
            Log.infof("import %s interrupted by shutdown; it resumes once its lease expires", id);
            return Uni.createFrom().voidItem();
        }
        Log.errorf(e, "import %s stopped unexpectedly", id);
        return fail(id, "the import stopped unexpectedly (" + e.getClass().getSimpleName() + "); upload the file again");
    }

    /**
     * Deletes this instance's copy of the file of a job that ended elsewhere (e.g. another
     * instance marked it FAILED while this one was cut off): nothing else would.
     */
    private Uni<Void> forget(UUID id) {
        return blocking(() -> {
            store.delete(id);
            return null;
        });
    }

    private Uni<Void> fail(UUID id, String reason) {
        Log.warnf("import %s FAILED: %s", id, reason);
        return repository.finish(id, ImportStatus.FAILED, reason)
                .call(() -> blocking(() -> {
                    store.delete(id);
                    return null;
                }))
                .onFailure().recoverWithItem(e -> {
                    Log.errorf("could not mark import %s FAILED (it stays RUNNING and is taken over once its lease expires): %s", id, e);
                    return null;
                });
    }

    /**
     * Database work of a job that outlives a blip: while the failure is {@link TransientFailure
     * transient} it is run again (afresh: {@code work} builds a new statement or transaction)
     * with a bounded backoff; past that, or at shutdown, the failure is passed on. A chunk whose
     * commit landed although its answer was lost is not applied twice: its retry meets the
     * job's position guard ({@link TakenOver}) and the job resumes after what committed.
     */
    private <T> Uni<T> db(UUID id, Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().<T> deferred(work)
                .onFailure(e -> !stopping && TransientFailure.is(e)).invoke(e -> Log.warnf(
                        "import %s: the database failed (%s); retrying", id, e.toString()))
                .onFailure(e -> !stopping && TransientFailure.is(e)).retry()
                .withBackOff(RETRY_FIRST, RETRY_MAX).atMost(RETRIES);
    }

    /** Blocking file work, off the event loop, on the runner's thread. */
    private <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().<T> emitter(emitter -> {
            try {
                emitter.complete(work.call());
            } catch (Exception e) {
                emitter.fail(e);
            }
        }).runSubscriptionOn(executor);
    }

    private static int count(Path file, CsvFile.Shape shape) throws Exception {
        int n = 0;
        try (CsvFile csv = CsvFile.open(file, shape)) {
            while (csv.next() != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Walks the file chunk by chunk (each step reads off the event loop, then commits), the
     * file closed on every path. Completes with false when stopped by a shutdown (the job
     * resumes once its lease expires).
     */
    private Uni<Boolean> process(Job job, Path file, CsvFile.Shape shape) {
        Walk walk = new Walk(job, new RowValidator(shape, validator), Math.max(1, config.chunkSize()));
        return blocking(() -> open(walk, file, shape))
                .onItem().transformToMulti(opened -> Multi.createBy().repeating().uni(() -> walk, this::step)
                        .until(done -> done))
                .onItem().ignoreAsUni()
                .map(ignored -> !walk.stopped)
                .onTermination().invoke(() -> close(walk));
    }

    /** Opens the file and skips the records committed before a restart, remembering their documents. */
    private static Walk open(Walk walk, Path file, CsvFile.Shape shape) throws Exception {
        walk.csv = CsvFile.open(file, shape);
        for (int i = 0; i < walk.processed; i++) {
            classify(walk.csv.next(), walk.rows, walk.seen);
        }
        return walk;
    }

    /**
     * Applies the next chunk; true once the file is done (or the runner stopping). While a
     * chunk commits, the one after it is already being read and validated on the runner's
     * thread, so parsing overlaps the database work.
     */
    private Uni<Boolean> step(Walk walk) {
        CompletableFuture<List<Item>> next = walk.ahead != null ? walk.ahead : read(walk);
        walk.ahead = null;
        return Uni.createFrom().completionStage(next)
                .onFailure(CompletionException.class).transform(e -> e.getCause() != null ? e.getCause() : e)
                .chain(chunk -> {
                    if (chunk.isEmpty()) {
                        return Uni.createFrom().item(true);
                    }
                    if (stopping) {
                        walk.stopped = true;
                        return Uni.createFrom().item(true);
                    }
                    boolean last = chunk.size() < walk.chunkSize;
                    if (!last) {
                        walk.ahead = read(walk);
                    }
                    return apply(walk.batch, chunk, walk.processed)
                            .invoke(processed -> walk.processed = processed)
                            .call(() -> {
                                if (walk.job.dryRun() || walk.processed < walk.analyzeAt) {
                                    return Uni.createFrom().voidItem();
                                }
                                walk.analyzeAt *= 2;
                                // only planner statistics: a failure here must not stop the job
                                return writer.refreshStatistics(pool).onFailure().recoverWithItem(e -> {
                                    Log.warnf("import %s: could not refresh statistics: %s", walk.job.id(), e.toString());
                                    return null;
                                });
                            })
                            .map(processed -> last);
                });
    }

    /** Starts reading the next chunk on the runner's thread (reads are serial there). */
    private CompletableFuture<List<Item>> read(Walk walk) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return nextChunk(walk);
                } catch (CsvFile.Unreadable e) {
                    throw new CompletionException(e);
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Closes the file after any read still in flight (same thread); directly once the runner is shut down. */
    private void close(Walk walk) {
        try {
            executor.execute(walk::close);
        } catch (RejectedExecutionException e) {
            walk.close();
        }
    }

    private static List<Item> nextChunk(Walk walk) throws CsvFile.Unreadable {
        List<Item> chunk = new ArrayList<>(walk.chunkSize);
        CsvFile.Record record;
        while (chunk.size() < walk.chunkSize && (record = walk.csv.next()) != null) {
            chunk.add(classify(record, walk.rows, walk.seen));
        }
        return chunk;
    }

    /**
     * Validates a record and checks its document against the ones met earlier in the file. A
     * document counts as met as soon as it is valid, even in a row refused for another field:
     * "a document twice in one file: the second is a row error", whichever row is the bad one.
     */
    private static Item classify(CsvFile.Record record, RowValidator rows, SeenDocuments seen) {
        RowCheck checked = rows.validate(record);
        if (checked instanceof RowCheck.Valid valid) {
            AccountImportWriter.Row row = valid.row();
            if (!seen.add(row.document())) {
                return new Item(record, null,
                        new RowCheck.Invalid(record.line(), row.document(), true, List.of(DUPLICATE)));
            }
            return new Item(record, row, null);
        }
        RowCheck.Invalid invalid = (RowCheck.Invalid) checked;
        if (invalid.documentValid() && !seen.add(invalid.document())) {
            invalid = invalid.withFirst(DUPLICATE);
        }
        return new Item(record, null, invalid);
    }

    /**
     * Applies one chunk exactly once; when a row breaks it, row by row. A transient database
     * failure is retried as the chunk, never turned into row errors. Completes with the new
     * processed count.
     */
    private Uni<Integer> apply(AccountImportWriter.Batch batch, List<Item> chunk, int processed) {
        return commit(batch, chunk, processed)
                .onFailure(this::rowsAtFault).recoverWithUni(e -> {
                    Log.warnf("import %s: chunk after row %d failed (%s); retrying row by row", batch.importId(),
                            processed, e.toString());
                    return Multi.createFrom().range(0, chunk.size())
                            .onItem().transformToUniAndConcatenate(i -> applyRow(batch, chunk.get(i), processed + i))
                            .onItem().ignoreAsUni();
                })
                .replaceWith(processed + chunk.size());
    }

    /** One row in its own transaction; when the row itself makes that fail, the row is recorded as failed. */
    private Uni<Void> applyRow(AccountImportWriter.Batch batch, Item item, int position) {
        return commit(batch, List.of(item), position)
                .onFailure(this::rowsAtFault).recoverWithUni(rowFailure -> {
                    Failure failure = new Failure(item.record().line(),
                            item.row() != null ? item.row().document() : item.invalid().document(),
                            List.of(new FieldError("record", "could not be applied: " + reason(rowFailure))),
                            item.record().values());
                    Progress progress = new Progress(1, 0, 0, 0, List.of(failure));
                    return db(batch.importId(), () -> pool.withTransaction(tx -> repository
                            .lockProgress(tx, batch.importId(), position)
                            .chain(() -> repository.record(tx, batch.importId(), progress))));
                });
    }

    /** A failed transaction that the rows may explain: not a takeover, a shutdown, nor the database away. */
    private boolean rowsAtFault(Throwable e) {
        return !(e instanceof TakenOver) && !stopping && !TransientFailure.is(e);
    }

    /**
     * One transaction: guard the job's position, apply the valid rows, record outcomes and
     * progress. The rows go to the writer in document order, which is the order it inserts new
     * accounts in: two imports opening the same new documents (A, B in one file, B, A in the
     * other) on two instances then wait on each other in one direction instead of deadlocking.
     */
    private Uni<Void> commit(AccountImportWriter.Batch batch, List<Item> items, int processed) {
        List<AccountImportWriter.Row> valid = new ArrayList<>(items.size());
        for (Item item : items) {
            if (item.row() != null) {
                valid.add(item.row());
            }
        }
        valid.sort(Comparator.comparing(AccountImportWriter.Row::document));
        return db(batch.importId(), () -> pool.withTransaction(tx -> repository.lockProgress(tx, batch.importId(), processed)
                .chain(() -> writer.apply(tx, batch, valid))
                .chain(outcomes -> repository.record(tx, batch.importId(), progress(items, outcomes)))));
    }

    /** The chunk's counts and failed rows; {@code outcomes} are matched to their records by line. */
    private static Progress progress(List<Item> items, List<Outcome> outcomes) {
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<Failure> failures = new ArrayList<>();
        Map<Integer, Outcome> byLine = new HashMap<>(outcomes.size() * 2);
        outcomes.forEach(outcome -> byLine.put(outcome.line(), outcome));
        for (Item item : items) {
            if (item.invalid() != null) {
                failures.add(new Failure(item.record().line(), item.invalid().document(), item.invalid().errors(),
                        item.record().values()));
                continue;
            }
            Outcome outcome = byLine.get(item.record().line());
            if (outcome.result() == Result.CREATED) {
                created++;
            } else if (outcome.result() == Result.UPDATED) {
                updated++;
            } else if (outcome.result() == Result.UNCHANGED) {
                unchanged++;
            } else {
                failures.add(new Failure(item.record().line(), item.row().document(),
                        List.of(new FieldError(outcome.field(), outcome.message())), item.record().values()));
            }
        }
        return new Progress(items.size(), created, updated, unchanged, failures);
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.length() > 200 ? message.substring(0, 200) : message;
    }
}
