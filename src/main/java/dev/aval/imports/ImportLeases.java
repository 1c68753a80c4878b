package dev.aval.imports;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.aval.imports.ImportRepository.Orphan;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The leases of import jobs across replicas: the jobs an instance holds (queued here or
 * running) get their {@code heartbeat_at} refreshed every {@code aval.import.heartbeat-every}
 * (and at each chunk). A job whose heartbeat is older than {@code aval.import.lease} is an
 * orphan: at start-up and on every tick, each instance claims orphans atomically (one instance
 * wins each) and resumes those whose file it has, or marks them FAILED. Jobs with a fresh
 * heartbeat are never touched.
 */
@ApplicationScoped
class ImportLeases {

    @Inject
    ImportRepository repository;
    @Inject
    ImportStore store;
    @Inject
    ImportConfig config;
    @Inject
    ImportQueue queue;

    /** Jobs queued or running here: their heartbeat is refreshed every {@code aval.import.heartbeat-every}. */
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** Orphans left by instances that stopped (this one's previous life included) are looked for at once. */
    void onStart(@Observes StartupEvent event) {
        if (config.lease().compareTo(config.heartbeatEvery().multipliedBy(3)) < 0) {
            Log.warnf("aval.import.lease (%s) should be at least 3 × aval.import.heartbeat-every (%s): live jobs may be"
                    + " taken for orphans", config.lease(), config.heartbeatEvery());
        }
        sweep().subscribe().with(claimed -> {
        }, e -> Log.errorf("could not look for orphaned imports: %s", e.toString()));
    }

    /** At shutdown: no more heartbeats nor sweeps; the jobs held here are taken over once their lease expires. */
    void stop() {
        stopping = true;
    }

    /** A job queued here: its heartbeat is kept fresh until {@link #release}. */
    void hold(UUID id) {
        held.add(id);
    }

    void release(UUID id) {
        held.remove(id);
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
        // a worker thread, not the queue's: a job's long file work must not hold up the sweep
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
            queue.submit(id);
            return Uni.createFrom().voidItem();
        }
        return queue.fail(id, config.resumeOnStart()
                ? "interrupted: the uploaded file was on an instance that stopped; upload it again"
                : "interrupted: the instance running it stopped; upload the file again");
    }
}
