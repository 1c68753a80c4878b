package dev.aval.events;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.aval.platform.EventLog;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Numbers committed events, one run at a time on this instance and (by an advisory lock) one
 * instance at a time overall. An append on this instance ({@link EventLog#onAppend}) asks for a run
 * {@code aval.events.sequence-delay} later, when its transaction has committed, so the appends of
 * that moment share one run; a periodic run ({@code aval.events.sequence-every}) finds whatever
 * committed later than that, or on an instance that could not take the lock. A wake-up during a
 * run makes it run once more, and events left waiting by a full run make it go on.
 */
@ApplicationScoped
class Sequencer {

    /** Groups of events numbered by one run at most (a group is one append's events)... */
    static final int GROUPS = 5000;

    /** ...and events: the run stops at the group that reaches this many (the webhook fan-out's bound). */
    static final int EVENTS = 10_000;

    @Inject
    EventWriter writer;

    @Inject
    EventLog events;

    @Inject
    EventsConfig config;

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private final AtomicBoolean soon = new AtomicBoolean();
    private long periodic = -1;

    void start(@Observes StartupEvent event) {
        events.onAppend(this::wakeSoon);
        periodic = vertx.setPeriodic(config.sequenceEvery().toMillis(), t -> wake());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(periodic);
    }

    /** Runs now, or once more after the run in progress. */
    void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
            run();
        }
    }

    /** Runs {@code aval.events.sequence-delay} from now, with every other call until then. */
    void wakeSoon() {
        if (soon.compareAndSet(false, true)) {
            vertx.setTimer(Math.max(1, config.sequenceDelay().toMillis()), t -> {
                soon.set(false);
                wake();
            });
        }
    }

    private void run() {
        again.set(false);
        writer.sequence(GROUPS, EVENTS, clock.instant()).subscribe().with(this::finished, e -> {
            Log.warnf("event sequencer failed, will retry: %s", e.toString());
            running.set(false);
        });
    }

    private void finished(boolean more) {
        if (more || again.get()) {
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
