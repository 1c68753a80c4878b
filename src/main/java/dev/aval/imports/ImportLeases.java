package dev.aval.imports;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.aval.imports.ImportRepository.Job;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * The leases of import jobs across instances. A job is free when its heartbeat is older than
 * {@code aval.import.lease}: a new QUEUED job is free from the start, a job handed over (at
 * shutdown, or at the end of its turn) is free at once, and a job whose instance stopped without
 * handing it over (a crash, {@code kill -9}) becomes free once its lease lapses. Any instance
 * claims free jobs ({@link #claimNext}: fairly across distributors, each job by one instance
 * only) and refreshes the heartbeat of those it runs every {@code aval.import.heartbeat-every}
 * (and at each chunk). Jobs with a fresh heartbeat are never touched.
 */
@ApplicationScoped
class ImportLeases {

    /** A stored file no job waits for is swept once it is this old (an upload cut off before its job was created). */
    static final Duration STRAY_FILE_GRACE = Duration.ofHours(1);

    @Inject
    ImportRepository repository;

    @Inject
    ImportFileRepository files;

    @Inject
    ImportConfig config;

    /** Jobs running here: their heartbeat is refreshed every {@code aval.import.heartbeat-every}. */
    private final Set<UUID> held = ConcurrentHashMap.newKeySet();

    private volatile boolean stopping;

    void onStart(@Observes StartupEvent event) {
        if (config.lease().compareTo(config.heartbeatEvery().multipliedBy(3)) < 0) {
            Log.warnf(
                    "aval.import.lease (%s) should be at least 3 × aval.import.heartbeat-every (%s): live jobs may be"
                            + " taken over",
                    config.lease(), config.heartbeatEvery());
        }
    }

    /** At shutdown: no more heartbeats nor sweeps. */
    void stop() {
        stopping = true;
    }

    /** Takes the next free job for this instance (fairly across distributors), or null when none is free. */
    Uni<Job> claimNext() {
        return repository.claimNext(config.lease(), Set.copyOf(held)).invoke(job -> {
            if (job != null) {
                held.add(job.id());
            }
        });
    }

    /** True when this job should end its turn: a distributor with fewer jobs running has one waiting. */
    Uni<Boolean> othersWaiting(Job job) {
        return repository.othersWaiting(config.lease(), job.distributorId());
    }

    /** The job no longer runs here (ended, paused, or taken over elsewhere): its heartbeat stops. */
    void forget(UUID id) {
        held.remove(id);
    }

    /** Hands the job over: any instance may claim it at once; never fails (it is free after the lease anyway). */
    Uni<Void> handOver(UUID id) {
        held.remove(id);
        return repository.release(Set.of(id)).replaceWithVoid().onFailure().recoverWithItem(e -> {
            Log.warnf(
                    "import %s: could not hand it over (it is taken over once its lease expires): %s",
                    id, e.toString());
            return null;
        });
    }

    /** Every job still held here, handed over at once (the last step of a shutdown); completes with how many. */
    Uni<Integer> handOverAll() {
        Set<UUID> ids = Set.copyOf(held);
        held.removeAll(ids);
        return ids.isEmpty() ? Uni.createFrom().item(0) : repository.release(ids);
    }

    /** Keeps this instance's jobs alive, then sweeps stored files no job needs. */
    @Scheduled(every = "${aval.import.heartbeat-every:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return heartbeat()
                .chain(() -> files.sweep(STRAY_FILE_GRACE))
                .invoke(chunks -> {
                    if (chunks > 0) {
                        Log.infof("deleted %d stored chunks of uploads no job waits for", chunks);
                    }
                })
                .onFailure()
                .invoke(e -> Log.warnf("import heartbeat or file sweep failed, will retry: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Refreshes the heartbeat of the jobs held here; completes with how many. */
    Uni<Integer> heartbeat() {
        Set<UUID> ids = Set.copyOf(held);
        return ids.isEmpty() ? Uni.createFrom().item(0) : repository.heartbeat(ids);
    }
}
