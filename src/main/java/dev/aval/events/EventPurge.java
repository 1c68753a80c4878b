package dev.aval.events;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Deletes events older than {@code aval.events.retention} (with their deliveries), in batches. */
@ApplicationScoped
class EventPurge {

    /** Groups deleted per transaction (a group is one append's events: up to an import chunk's). */
    static final int BATCH = 1_000;

    @Inject
    EventWriter writer;

    @Inject
    EventsConfig config;

    @Inject
    Clock clock;

    @Scheduled(
            every = "${aval.events.purge-every:1h}",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().invoke(n -> {
                    if (n > 0) {
                        Log.infof("purged %d event(s) older than %s", n, config.retention());
                    }
                })
                .onFailure()
                .invoke(e -> Log.warnf("event purge failed, will retry: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Purges every event past the retention, a batch per transaction; how many. */
    Uni<Integer> purge() {
        return purgeFrom(0);
    }

    private Uni<Integer> purgeFrom(int done) {
        return writer.purge(clock.instant().minus(config.retention()), BATCH)
                .chain(p ->
                        p.groups() < BATCH ? Uni.createFrom().item(done + p.events()) : purgeFrom(done + p.events()));
    }
}
