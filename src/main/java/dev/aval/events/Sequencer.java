package dev.aval.events;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Numbers committed events, one run at a time on this instance and (by an advisory lock) one
 * instance at a time overall. Woken by each commit that appended events ({@link EventSignals})
 * and by a short periodic fallback; a wake-up during a run makes it run once more, and a full
 * batch makes it go on, so no committed event waits for the fallback.
 */
@ApplicationScoped
class Sequencer {

    static final int BATCH = 5000;

    @Inject
    EventWriter writer;

    @Inject
    Clock clock;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** Runs now, or once more after the run in progress. */
    void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            run();
        }
    }

    @Scheduled(
            every = "${aval.events.sequence-every:1s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        wake();
    }

    private void run() {
        again.set(false);
        writer.sequence(BATCH, clock.instant()).subscribe().with(this::finished, e -> {
            Log.warnf("event sequencer failed, will retry: %s", e.toString());
            running.set(false);
        });
    }

    private void finished(int numbered) {
        if (numbered >= BATCH || again.get()) {
            run();
            return;
        }
        running.set(false);
        // a wake-up between the check above and the reset
        if (again.get() && running.compareAndSet(false, true)) {
            run();
        }
    }
}
