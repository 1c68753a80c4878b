package dev.aval.imports;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

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
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Runs import jobs taken from the database: any instance runs any job, since the files are
 * stored in PostgreSQL ({@link ImportStore}). An instance has {@code aval.import.jobs-per-instance}
 * places; a free place claims the next free job ({@link ImportLeases#claimNext}: the distributor
 * with the fewest jobs running first, then the one whose latest turn is oldest), at once after an
 * upload here and every {@code aval.import.poll-every} otherwise. Each job is one Mutiny pipeline;
 * its file work (detecting the shape, counting, reading the next chunk from the stored file) is
 * blocking and runs on its place's own thread, database work goes through the reactive pool.
 * Nothing here ever blocks an event loop or waits on a {@code Uni}.
 * <p>
 * A job streams its file twice: once to count records (and reject a malformed file before
 * changing anything), then in chunks of {@code aval.import.chunk-size} records read by a
 * {@link ChunkReader} and each committed by the {@link ChunkCommitter} in ONE transaction that
 * also advances {@code processed_rows}; whoever resumes the job skips the records already
 * committed and continues, so no row is applied twice.
 * <p>
 * A job stops between two chunks and hands its place over (free at once for any instance): at the
 * end of its turn ({@code aval.import.turn}) when a distributor with fewer jobs running has one
 * waiting, and at shutdown (as soon as SIGTERM starts the shutdown delay). A failure of the
 * database itself ({@link TransientFailure}) is retried with a bounded backoff; if the database
 * stays away the job is left RUNNING, its heartbeat lapses and it is taken over after its last
 * committed chunk. A job past its time budget ({@code aval.import.time-budget}) ends FAILED.
 */
@ApplicationScoped
class ImportQueue {

    /** How often a job past its turn asks whether another distributor's job waits. */
    private static final Duration WAITING_CHECK = Duration.ofSeconds(1);

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

    private Place[] places;
    private volatile boolean stopping;
    /** One claim at a time per instance; a kick during a claim asks for another one after it. */
    private final AtomicBoolean claiming = new AtomicBoolean();

    private volatile boolean kickAgain;

    /** A place for one job at a time, with its own thread for the job's blocking file work. */
    private static final class Place {
        final ExecutorService executor;
        /** Null when free; completes when the job in this place ends its run here. */
        volatile CompletableFuture<Void> running;

        Place(int index) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "aval-import-" + index);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Where one job stands while it walks its file; the file side is only touched on its place's thread. */
    private static final class Walk {
        final Job job;
        final Place place;
        final AccountImportWriter.Batch batch;
        final int chunkSize;
        /** Read on the place's thread only. */
        ChunkReader reader;
        /** The next chunk, being read while the current one commits. */
        CompletableFuture<List<Item>> ahead;

        int processed;
        /** Statistics are refreshed each time the job's writes grow twofold, so plans follow the growth. */
        int analyzeAt;
        /** Stopped between chunks (a shutdown, the end of its turn): handed over, to resume elsewhere. */
        boolean stopped;
        /** When the job's time budget is spent (from its first start). */
        final Instant deadline;
        /** When this turn may end, and when to ask next whether another job waits. */
        final Instant turnEnds;

        Instant nextWaitingCheck;

        Walk(Job job, Place place, int chunkSize, Duration budget, Duration turn) {
            this.job = job;
            this.place = place;
            this.batch =
                    new AccountImportWriter.Batch(job.distributorId(), job.mode(), job.dryRun(), job.id(), job.actor());
            this.chunkSize = chunkSize;
            this.processed = job.processedRows();
            this.analyzeAt = Math.max(processed * 2, 1000);
            Instant now = Instant.now();
            this.deadline = (job.startedAt() != null ? job.startedAt() : now).plus(budget);
            this.turnEnds = now.plus(turn);
            this.nextWaitingCheck = turnEnds;
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
        places = new Place[Math.max(1, config.jobsPerInstance())];
        for (int i = 0; i < places.length; i++) {
            places[i] = new Place(i);
        }
    }

    /** Looks for free jobs while a place is free (uploads to other instances, jobs handed over or orphaned). */
    @Scheduled(every = "${aval.import.poll-every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        kick();
    }

    /** SIGTERM: the shutdown delay starts (readiness DOWN); running jobs are handed over at their next chunk. */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        handOver();
    }

    /** Waits (bounded) for the running jobs to hand over, then hands over whatever is still held. */
    void onStop(@Observes ShutdownEvent event) {
        handOver();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Place place : places) {
            CompletableFuture<Void> running = place.running;
            try {
                if (running != null) {
                    running.get(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                Log.infof("an import was still busy at shutdown; it is handed over as it is");
            }
        }
        try {
            int left = leases.handOverAll().subscribeAsCompletionStage().get(5, TimeUnit.SECONDS);
            if (left > 0) {
                Log.infof("%d import(s) handed over at shutdown", left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            Log.infof("imports not handed over at shutdown are taken over once their lease expires: %s", e.toString());
        }
        for (Place place : places) {
            place.executor.shutdown();
        }
    }

    private void handOver() {
        if (!stopping) {
            stopping = true;
            leases.stop();
            committer.stop();
            Log.infof("shutting down: running imports are handed over to the other instances at their next chunk");
        }
    }

    /**
     * Fills the free places with free jobs, one claim at a time: after an upload here, after a
     * job ends here, and on every poll.
     */
    void kick() {
        if (stopping) {
            return;
        }
        if (!claiming.compareAndSet(false, true)) {
            kickAgain = true;
            return;
        }
        kickAgain = false;
        Place place = reserve();
        if (place == null) {
            claiming.set(false);
            return;
        }
        CompletableFuture<Void> running = place.running;
        leases.claimNext()
                .subscribe()
                .with(
                        job -> {
                            if (job == null || stopping) {
                                place.running = null;
                                running.complete(null);
                                claiming.set(false);
                                if (job != null) {
                                    leases.handOver(job.id()).subscribe().with(ignored -> {});
                                } else if (kickAgain) {
                                    kick();
                                }
                                return;
                            }
                            claiming.set(false);
                            Log.infof(
                                    "import %s taken here (%s, %d of %s rows done)",
                                    job.id(),
                                    job.status(),
                                    job.processedRows(),
                                    job.totalRows() == null ? "?" : job.totalRows());
                            run(place, job)
                                    .subscribe()
                                    .with(
                                            ignored -> {},
                                            e -> Log.errorf(e, "import %s: could not be handled", job.id()));
                            kick();
                        },
                        e -> {
                            place.running = null;
                            running.complete(null);
                            claiming.set(false);
                            Log.warnf("could not look for import jobs, will retry: %s", e.toString());
                        });
    }

    /** A free place, marked taken; null when every place runs a job. */
    private Place reserve() {
        for (Place place : places) {
            if (place.running == null) {
                place.running = new CompletableFuture<>();
                return place;
            }
        }
        return null;
    }

    /** One job claimed here, until it ends, stops or is taken over; never fails. */
    private Uni<Void> run(Place place, Job job) {
        UUID id = job.id();
        CompletableFuture<Void> running = place.running;
        return Uni.createFrom()
                .item(job)
                .emitOn(place.executor)
                .chain(() -> committer.retrying(id, () -> repository.start(id)))
                .chain(started -> started ? execute(place, job) : forget(id))
                .onFailure()
                .recoverWithUni(e -> stoppedBy(id, e))
                .onFailure()
                .recoverWithItem(e -> {
                    Log.errorf(e, "import %s: could not be handled", id);
                    leases.forget(id);
                    return null;
                })
                .onTermination()
                .invoke(() -> {
                    place.running = null;
                    running.complete(null);
                    kick();
                });
    }

    /** A started job: shape, count, chunks, then COMPLETED (its file deleted with it), or handed over. */
    private Uni<Void> execute(Place place, Job job) {
        UUID id = job.id();
        CsvFile.Source file = store.source(id, job.fileSize());
        return blocking(place, () -> CsvFile.detect(file))
                .chain(shape -> (job.totalRows() != null
                                ? Uni.createFrom().item(job.totalRows())
                                : blocking(place, () -> ChunkReader.count(file, shape))
                                        .call(total -> committer.retrying(
                                                id,
                                                () -> repository.shape(id, shape.header(), shape.delimiter(), total))))
                        .chain(total -> process(place, job, file, shape)))
                .chain(completed -> !completed
                        ? leases.handOver(id)
                        : committer
                                .retrying(id, () -> repository.finish(id, ImportStatus.COMPLETED, null))
                                .invoke(() -> leases.forget(id))
                                .chain(() -> repository
                                        .find(id)
                                        .invoke(done -> Log.infof(
                                                "import %s COMPLETED: %d rows, %d created, %d updated, %d unchanged, %d failed",
                                                id,
                                                done.processedRows(),
                                                done.createdCount(),
                                                done.updatedCount(),
                                                done.unchangedCount(),
                                                done.failedCount()))
                                        .onFailure()
                                        .recoverWithItem(e -> {
                                            Log.infof(
                                                    "import %s COMPLETED (counts not read back: %s)", id, e.toString());
                                            return null;
                                        }))
                                .replaceWithVoid());
    }

    /** Why a job stopped: a bad file fails it, a takeover leaves it to others, a shutdown hands it over. */
    private Uni<Void> stoppedBy(UUID id, Throwable e) {
        if (e instanceof CsvFile.Unreadable || e instanceof LineLimit.LineTooLong || e instanceof StoredFile.Missing) {
            return fail(id, e.getMessage(), e.getClass().getSimpleName());
        }
        if (e instanceof TakenOver takenOver) {
            Log.warnf("import %s stopped here: %s", id, e.getMessage());
            leases.forget(id);
            // ended elsewhere without its file being deleted (nothing else would delete it)
            return takenOver.ended() ? forget(id) : Uni.createFrom().voidItem();
        }
        if (stopping) {
            Log.infof("import %s interrupted by shutdown (%s); handed over", id, e.toString());
            return leases.handOver(id);
        }
        if (TransientFailure.is(e)) {
            Log.warnf(
                    "import %s paused: the database stayed unavailable (%s); it stays RUNNING and is taken over"
                            + " after its last committed chunk once its lease expires",
                    id, e.toString());
            leases.forget(id);
            return Uni.createFrom().voidItem();
        }
        Log.errorf(e, "import %s stopped unexpectedly", id);
        return fail(
                id,
                "the import stopped unexpectedly (" + e.getClass().getSimpleName() + "); upload the file again",
                "stopped unexpectedly");
    }

    /** A job that ended elsewhere: its stored file, if still there, is deleted. */
    private Uni<Void> forget(UUID id) {
        leases.forget(id);
        return store.delete(id);
    }

    /**
     * Ends a job FAILED (its file deleted with it) with {@code reason} for its uploader; the log
     * names only {@code why} (the reason may quote the file's cells: documents, emails). Should the
     * reason itself be refused, the job still ends FAILED with a generic one; never fails (a job
     * it cannot mark while the database is away is taken over later).
     */
    Uni<Void> fail(UUID id, String reason, String why) {
        Log.warnf("import %s FAILED: %s", id, why);
        return repository
                .finish(id, ImportStatus.FAILED, reason)
                .onFailure(e -> !TransientFailure.is(e))
                .recoverWithUni(e -> repository.finish(
                        id, ImportStatus.FAILED, "the import failed (" + why + "); upload the file again"))
                .invoke(() -> leases.forget(id))
                .onFailure()
                .recoverWithItem(e -> {
                    Log.errorf(
                            "could not mark import %s FAILED (it stays RUNNING and is taken over once its lease expires): %s",
                            id, e);
                    leases.forget(id);
                    return null;
                });
    }

    /** Blocking file work, off the event loop, on the place's thread. */
    private static <T> Uni<T> blocking(Place place, Callable<T> work) {
        return Uni.createFrom()
                .<T>emitter(emitter -> {
                    try {
                        emitter.complete(work.call());
                    } catch (Exception e) {
                        emitter.fail(e);
                    }
                })
                .runSubscriptionOn(place.executor);
    }

    /**
     * Walks the file chunk by chunk (each step reads off the event loop, then commits), the
     * file closed on every path. Completes with false when stopped between chunks (handed over).
     */
    private Uni<Boolean> process(Place place, Job job, CsvFile.Source file, CsvFile.Shape shape) {
        Walk walk = new Walk(job, place, Math.max(1, config.chunkSize()), config.timeBudget(), config.turn());
        return blocking(
                        place,
                        () -> walk.reader = ChunkReader.open(file, shape, validator, walk.chunkSize, walk.processed))
                .onItem()
                .transformToMulti(opened ->
                        Multi.createBy().repeating().uni(() -> walk, this::step).until(done -> done))
                .onItem()
                .ignoreAsUni()
                .map(ignored -> !walk.stopped)
                .onTermination()
                .invoke(() -> close(walk));
    }

    /**
     * Applies the next chunk; true once the file is done, or the job stopped (a shutdown, its
     * turn over). While a chunk commits, the one after it is already being read and validated
     * on the place's thread, so parsing overlaps the database work.
     */
    private Uni<Boolean> step(Walk walk) {
        CompletableFuture<List<Item>> next = walk.ahead != null ? walk.ahead : read(walk);
        walk.ahead = null;
        return Uni.createFrom()
                .completionStage(next)
                .onFailure(CompletionException.class)
                .transform(e -> e.getCause() != null ? e.getCause() : e)
                .chain(chunk -> {
                    if (chunk.isEmpty()) {
                        return Uni.createFrom().item(true);
                    }
                    if (Instant.now().isAfter(walk.deadline)) {
                        return Uni.createFrom()
                                .failure(new CsvFile.Unreadable("its time budget ("
                                        + config.timeBudget()
                                                .toString()
                                                .substring(2)
                                                .toLowerCase(Locale.ROOT) + ") was spent after "
                                        + walk.processed + " rows; the rows before stay applied: split the file"));
                    }
                    return turnOver(walk).chain(over -> {
                        if (over) {
                            walk.stopped = true;
                            return Uni.createFrom().item(true);
                        }
                        boolean last = walk.reader.ended();
                        if (!last) {
                            walk.ahead = read(walk);
                        }
                        return commit(walk, chunk).map(processed -> last);
                    });
                });
    }

    /** True when the job must stop here: a shutdown, or its turn is over and another distributor's job waits. */
    private Uni<Boolean> turnOver(Walk walk) {
        if (stopping) {
            return Uni.createFrom().item(true);
        }
        Instant now = Instant.now();
        if (now.isBefore(walk.nextWaitingCheck)) {
            return Uni.createFrom().item(false);
        }
        walk.nextWaitingCheck = now.plus(WAITING_CHECK);
        return leases.othersWaiting(walk.job)
                .invoke(waiting -> {
                    if (waiting) {
                        Log.infof(
                                "import %s ends its turn at row %d: another distributor's import waits",
                                walk.job.id(), walk.processed);
                    }
                })
                .onFailure()
                .recoverWithItem(false);
    }

    private Uni<Integer> commit(Walk walk, List<Item> chunk) {
        return committer
                .apply(walk.batch, chunk, walk.processed)
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
                });
    }

    /** Starts reading the next chunk on the place's thread (reads are serial there). */
    private static CompletableFuture<List<Item>> read(Walk walk) {
        try {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return walk.reader.next();
                        } catch (CsvFile.Unreadable e) {
                            throw new CompletionException(e);
                        }
                    },
                    walk.place.executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Closes the file after any read still in flight (same thread); directly once the place is shut down. */
    private static void close(Walk walk) {
        try {
            walk.place.executor.execute(walk::close);
        } catch (RejectedExecutionException e) {
            walk.close();
        }
    }
}
