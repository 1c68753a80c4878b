package dev.aval.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import dev.aval.imports.ChunkReader.Item;
import dev.aval.imports.ImportRepository.Job;
import dev.aval.imports.ImportRepository.TakenOver;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Runs import jobs, one at a time and in submission order, as one Mutiny pipeline: a queue
 * ({@code Multi}) of job ids, each job a {@code Uni} concatenated after the previous one. File
 * work (detecting the shape, counting, reading the next chunk, deleting) is blocking I/O and
 * runs on the queue's own thread; database work goes through the reactive pool. Nothing here
 * ever blocks the event loop or waits on a {@code Uni}.
 * <p>
 * A job streams its file twice: once to count records (and reject a malformed file before
 * changing anything), then in chunks of {@code aval.import.chunk-size} records read by a
 * {@link ChunkReader} and each committed by the {@link ChunkCommitter} in ONE transaction that
 * also advances {@code processed_rows}; a restart skips the records already committed and
 * continues, so no row is applied twice.
 * <p>
 * A failure of the database itself ({@link TransientFailure}: connection lost, failover, deadlock)
 * is no row error and no job failure: the statement is retried with a bounded backoff, and if
 * the database stays away the queue stops the job, leaving it RUNNING with its file; its
 * heartbeat then lapses and the orphan sweep ({@link ImportLeases}) resumes it after the last
 * committed chunk.
 */
@ApplicationScoped
class ImportQueue {

    @Inject
    ImportRepository repository;
    @Inject
    ImportStore store;
    @Inject
    ImportConfig config;
    @Inject
    ImportLeases leases;
    @Inject
    ChunkCommitter committer;
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

    /** Where one job stands while it walks its file; the file side is only touched on the queue's thread. */
    private static final class Walk {
        final Job job;
        final AccountImportWriter.Batch batch;
        final int chunkSize;
        /** Read on the queue's thread only. */
        ChunkReader reader;
        /** The next chunk, being read while the current one commits. */
        CompletableFuture<List<Item>> ahead;
        int processed;
        /** Statistics are refreshed each time the job's writes grow twofold, so plans follow the growth. */
        int analyzeAt;
        boolean stopped;
        /** When the job's time budget is spent (from its first start). */
        final Instant deadline;

        Walk(Job job, int chunkSize, Duration budget) {
            this.job = job;
            this.batch = new AccountImportWriter.Batch(job.distributorId(), job.mode(), job.dryRun(), job.id(),
                    job.actor());
            this.chunkSize = chunkSize;
            this.processed = job.processedRows();
            this.analyzeAt = Math.max(processed * 2, 1000);
            this.deadline = (job.startedAt() != null ? job.startedAt() : Instant.now()).plus(budget);
        }

        void close() {
            if (reader != null) {
                try {
                    reader.close();
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

    /** Lets the job in progress finish its chunk (up to 10 s); it is taken over (resumed) once its lease expires. */
    void onStop(@Observes ShutdownEvent event) {
        leases.stop();
        committer.stop();
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
        leases.hold(importId);
        queue.emit(importId);
    }

    /** One job, from QUEUED to its end; never fails (so the next job always runs). */
    private Uni<Void> run(UUID id) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Path file = store.pathOf(id);
        return Uni.createFrom().item(id).emitOn(executor)
                .invoke(() -> current = ended)
                .chain(() -> committer.retrying(id, () -> repository.find(id)))
                .chain(job -> job == null || job.status() == ImportStatus.COMPLETED || job.status() == ImportStatus.FAILED
                        ? forget(id)
                        : blocking(() -> Files.isReadable(file)).chain(readable -> readable
                                ? committer.retrying(id, () -> repository.start(id))
                                        .chain(started -> started ? execute(job, file) : Uni.createFrom().voidItem())
                                : fail(id, "the uploaded file is no longer available; upload it again")))
                .onFailure().recoverWithUni(e -> stoppedBy(id, e))
                .onFailure().recoverWithItem(e -> {
                    Log.errorf(e, "import %s: could not be handled", id);
                    return null;
                })
                .onTermination().invoke(() -> {
                    leases.release(id);
                    ended.complete(null);
                });
    }

    /** A started job: shape, count, chunks, then COMPLETED and the file deleted. */
    private Uni<Void> execute(Job job, Path file) {
        UUID id = job.id();
        return blocking(() -> CsvFile.detect(file))
                .chain(shape -> (job.totalRows() != null ? Uni.createFrom().item(job.totalRows())
                        : blocking(() -> ChunkReader.count(file, shape))
                                .call(total -> committer.retrying(id,
                                        () -> repository.shape(id, shape.header(), shape.delimiter(), total))))
                        .chain(total -> process(job, file, shape)))
                .chain(completed -> !completed ? Uni.createFrom().voidItem()
                        : committer.retrying(id, () -> repository.finish(id, ImportStatus.COMPLETED, null))
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

    /** Ends a job FAILED and deletes its file; never fails (a job it cannot mark is taken over later). */
    Uni<Void> fail(UUID id, String reason) {
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

    /** Blocking file work, off the event loop, on the queue's thread. */
    private <T> Uni<T> blocking(Callable<T> work) {
        return Uni.createFrom().<T> emitter(emitter -> {
            try {
                emitter.complete(work.call());
            } catch (Exception e) {
                emitter.fail(e);
            }
        }).runSubscriptionOn(executor);
    }

    /**
     * Walks the file chunk by chunk (each step reads off the event loop, then commits), the
     * file closed on every path. Completes with false when stopped by a shutdown (the job
     * resumes once its lease expires).
     */
    private Uni<Boolean> process(Job job, Path file, CsvFile.Shape shape) {
        Walk walk = new Walk(job, Math.max(1, config.chunkSize()), config.timeBudget());
        return blocking(() -> walk.reader = ChunkReader.open(file, shape, validator, walk.chunkSize, walk.processed))
                .onItem().transformToMulti(opened -> Multi.createBy().repeating().uni(() -> walk, this::step)
                        .until(done -> done))
                .onItem().ignoreAsUni()
                .map(ignored -> !walk.stopped)
                .onTermination().invoke(() -> close(walk));
    }

    /**
     * Applies the next chunk; true once the file is done (or the queue stopping). While a
     * chunk commits, the one after it is already being read and validated on the queue's
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
                    if (Instant.now().isAfter(walk.deadline)) {
                        return Uni.createFrom().failure(new CsvFile.Unreadable("its time budget (" + config.timeBudget()
                                .toString().substring(2).toLowerCase(java.util.Locale.ROOT) + ") was spent after "
                                + walk.processed + " rows; the rows before stay applied: split the file"));
                    }
                    boolean last = walk.reader.ended();
                    if (!last) {
                        walk.ahead = read(walk);
                    }
                    return committer.apply(walk.batch, chunk, walk.processed)
                            .invoke(processed -> walk.processed = processed)
                            .call(() -> {
                                if (walk.job.dryRun() || walk.processed < walk.analyzeAt) {
                                    return Uni.createFrom().voidItem();
                                }
                                walk.analyzeAt *= 2;
                                // only planner statistics: a failure here must not stop the job
                                return committer.refreshStatistics().onFailure().recoverWithItem(e -> {
                                    Log.warnf("import %s: could not refresh statistics: %s", walk.job.id(), e.toString());
                                    return null;
                                });
                            })
                            .map(processed -> last);
                });
    }

    /** Starts reading the next chunk on the queue's thread (reads are serial there). */
    private CompletableFuture<List<Item>> read(Walk walk) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return walk.reader.next();
                } catch (CsvFile.Unreadable e) {
                    throw new CompletionException(e);
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Closes the file after any read still in flight (same thread); directly once the queue is shut down. */
    private void close(Walk walk) {
        try {
            executor.execute(walk::close);
        } catch (RejectedExecutionException e) {
            walk.close();
        }
    }
}
