package dev.aval.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
import dev.aval.imports.ImportRepository.Progress;
import dev.aval.imports.ImportRepository.TakenOver;
import dev.aval.platform.Problem.FieldError;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
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
 */
@ApplicationScoped
class ImportRunner {

    private static final FieldError DUPLICATE = new FieldError("document", "appears more than once in this file");

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
    /** Completes when the job in progress ends: shutdown waits for it (bounded). */
    private volatile CompletableFuture<Void> current = CompletableFuture.completedFuture(null);

    /** One CSV record on its way: a valid row, or its errors. */
    private record Item(CsvFile.Record record, AccountImportWriter.Row row, RowValidator.Invalid invalid) {
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
        /** Statistics are refreshed each time the job's writes double, so plans follow the growth. */
        int analyzeAt;
        boolean stopped;

        Walk(Job job, RowValidator rows, int chunkSize) {
            this.job = job;
            this.rows = rows;
            this.batch = new AccountImportWriter.Batch(job.distributorId(),
                    AccountImportWriter.Mode.valueOf(job.mode().name()), job.dryRun(), job.id(), job.actor());
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
                }, e -> Log.errorf(e, "the import queue stopped; imports resume at the next start"));
    }

    void onStart(@Observes StartupEvent event) {
        repository.unfinished().subscribe().with(ids -> {
            for (UUID id : ids) {
                if (config.resumeOnStart()) {
                    Log.infof("resuming import %s interrupted by a restart", id);
                    submit(id);
                } else {
                    repository.finish(id, ImportStatus.FAILED, "interrupted by a restart of the service; upload the file again")
                            .subscribe().with(ok -> Log.infof("import %s marked FAILED after a restart", id),
                                    e -> Log.errorf("could not mark import %s FAILED: %s", id, e.toString()));
                }
            }
        }, e -> Log.errorf("could not look for interrupted imports: %s", e.toString()));
    }

    /** Lets the job in progress finish its chunk (up to 10 s); it resumes at the next start. */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        try {
            current.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            Log.infof("an import was still busy at shutdown; it resumes at the next start");
        }
        executor.shutdown();
    }

    void submit(UUID importId) {
        queue.emit(importId);
    }

    /** One job, from QUEUED to its end; never fails (so the next job always runs). */
    private Uni<Void> run(UUID id) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Path file = store.pathOf(id);
        return Uni.createFrom().item(id).emitOn(executor)
                .invoke(() -> current = ended)
                .chain(repository::find)
                .chain(job -> job == null || job.status() == ImportStatus.COMPLETED || job.status() == ImportStatus.FAILED
                        ? Uni.createFrom().voidItem()
                        : blocking(() -> Files.isReadable(file)).chain(readable -> readable
                                ? repository.start(id).chain(started -> started ? execute(job, file) : Uni.createFrom().voidItem())
                                : fail(id, "the uploaded file is no longer available; upload it again")))
                .onFailure().recoverWithUni(e -> stoppedBy(id, e))
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "import %s: could not be handled", id);
                    return null;
                })
                .onTermination().invoke(() -> ended.complete(null));
    }

    /** A started job: shape, count, chunks, then COMPLETED and the file deleted. */
    private Uni<Void> execute(Job job, Path file) {
        UUID id = job.id();
        return blocking(() -> CsvFile.detect(file))
                .chain(shape -> (job.totalRows() != null ? Uni.createFrom().item(job.totalRows())
                        : blocking(() -> count(file, shape))
                                .call(total -> repository.shape(id, shape.header(), shape.delimiter(), total)))
                        .chain(total -> process(job, file, shape)))
                .chain(completed -> !completed ? Uni.createFrom().voidItem()
                        : repository.finish(id, ImportStatus.COMPLETED, null)
                                .call(() -> blocking(() -> {
                                    store.delete(id);
                                    return null;
                                }))
                                .chain(() -> repository.find(id))
                                .invoke(done -> Log.infof(
                                        "import %s COMPLETED: %d rows, %d created, %d updated, %d unchanged, %d failed", id,
                                        done.processedRows(), done.createdCount(), done.updatedCount(),
                                        done.unchangedCount(), done.failedCount()))
                                .replaceWithVoid());
    }

    /** Why a job stopped: a bad file fails it, a takeover or a shutdown leaves it to others. */
    private Uni<Void> stoppedBy(UUID id, Throwable e) {
        if (e instanceof CsvFile.Unreadable) {
            return fail(id, e.getMessage());
        }
        if (e instanceof TakenOver) {
            Log.warnf("import %s stopped here: %s", id, e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (stopping) {
            Log.infof("import %s interrupted by shutdown; it resumes at the next start", id);
            return Uni.createFrom().voidItem();
        }
        Log.errorf(e, "import %s stopped unexpectedly", id);
        return fail(id, "the import stopped unexpectedly (" + e.getClass().getSimpleName() + "); upload the file again");
    }

    private Uni<Void> fail(UUID id, String reason) {
        Log.warnf("import %s FAILED: %s", id, reason);
        return repository.finish(id, ImportStatus.FAILED, reason)
                .call(() -> blocking(() -> {
                    store.delete(id);
                    return null;
                }))
                .onFailure().recoverWithItem(e -> {
                    Log.errorf("could not mark import %s FAILED (it stays RUNNING and resumes at the next start): %s", id, e);
                    return null;
                });
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
     * resumes at the next start).
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
                                return writer.refreshStatistics(pool);
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

    private static Item classify(CsvFile.Record record, RowValidator rows, SeenDocuments seen) {
        Object checked = rows.validate(record);
        if (checked instanceof AccountImportWriter.Row row) {
            if (!seen.add(row.document())) {
                return new Item(record, null, new RowValidator.Invalid(record.line(), row.document(), List.of(DUPLICATE)));
            }
            return new Item(record, row, null);
        }
        return new Item(record, null, (RowValidator.Invalid) checked);
    }

    /** Applies one chunk exactly once; on failure, row by row. Completes with the new processed count. */
    private Uni<Integer> apply(AccountImportWriter.Batch batch, List<Item> chunk, int processed) {
        return commit(batch, chunk, processed)
                .onFailure(e -> !(e instanceof TakenOver) && !stopping).recoverWithUni(e -> {
                    Log.warnf("import %s: chunk after row %d failed (%s); retrying row by row", batch.importId(),
                            processed, e.toString());
                    return Multi.createFrom().range(0, chunk.size())
                            .onItem().transformToUniAndConcatenate(i -> applyRow(batch, chunk.get(i), processed + i))
                            .onItem().ignoreAsUni();
                })
                .replaceWith(processed + chunk.size());
    }

    /** One row in its own transaction; when even that fails, the row is recorded as failed. */
    private Uni<Void> applyRow(AccountImportWriter.Batch batch, Item item, int position) {
        return commit(batch, List.of(item), position)
                .onFailure(e -> !(e instanceof TakenOver) && !stopping).recoverWithUni(rowFailure -> {
                    Failure failure = new Failure(item.record().line(),
                            item.row() != null ? item.row().document() : item.invalid().document(),
                            List.of(new FieldError("record", "could not be applied: " + reason(rowFailure))),
                            item.record().values());
                    return pool.withTransaction(tx -> repository.lockProgress(tx, batch.importId(), position)
                            .chain(() -> repository.record(tx, batch.importId(), new Progress(1, 0, 0, 0, List.of(failure)))));
                });
    }

    /** One transaction: guard the job's position, apply the valid rows, record outcomes and progress. */
    private Uni<Void> commit(AccountImportWriter.Batch batch, List<Item> items, int processed) {
        List<AccountImportWriter.Row> valid = new ArrayList<>(items.size());
        for (Item item : items) {
            if (item.row() != null) {
                valid.add(item.row());
            }
        }
        return pool.withTransaction(tx -> repository.lockProgress(tx, batch.importId(), processed)
                .chain(() -> writer.apply(tx, batch, valid))
                .chain(outcomes -> repository.record(tx, batch.importId(), progress(items, outcomes))));
    }

    private static Progress progress(List<Item> items, List<Outcome> outcomes) {
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<Failure> failures = new ArrayList<>();
        int next = 0;
        for (Item item : items) {
            if (item.invalid() != null) {
                failures.add(new Failure(item.record().line(), item.invalid().document(), item.invalid().errors(),
                        item.record().values()));
                continue;
            }
            Outcome outcome = outcomes.get(next++);
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
