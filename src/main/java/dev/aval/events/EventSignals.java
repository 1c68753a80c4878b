package dev.aval.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.aval.platform.PgListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * PostgreSQL notifications, on one pool connection kept for {@code LISTEN} ({@link PgListener}), sent by the
 * {@link Sequencer}'s runs, never per write: numbered events ({@value EventWriter#SEQUENCED_CHANNEL},
 * payload the distributor) wake the feed's long polls of that distributor; new webhook deliveries
 * ({@value EventWriter#DELIVERIES_CHANNEL}) wake the {@link DeliveryWorker}. Every instance listens, so whichever
 * instance numbers or delivers, all of them learn it. Notifications only make things quicker:
 * each waiter also has a periodic fallback, so a lost connection (re-opened after a second)
 * delays events, never loses them.
 */
@ApplicationScoped
class EventSignals implements PgListener.Handler {

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    Sequencer sequencer;

    @Inject
    DeliveryWorker deliveries;

    private final Map<String, Set<UniEmitter<? super Void>>> waiters = new ConcurrentHashMap<>();
    private PgListener listener;

    void start(@Observes StartupEvent event) {
        listener = PgListener.start(
                pool,
                vertx,
                "event notifications",
                List.of(EventWriter.SEQUENCED_CHANNEL, EventWriter.DELIVERIES_CHANNEL),
                this);
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.stop();
        }
    }

    /**
     * Completes when events of the distributor have been numbered (on any instance) or after
     * {@code max}, whichever comes first.
     */
    Uni<Void> sequenced(String distributorId, Duration max) {
        return Uni.createFrom().emitter(emitter -> {
            Set<UniEmitter<? super Void>> set =
                    waiters.computeIfAbsent(distributorId, k -> ConcurrentHashMap.newKeySet());
            set.add(emitter);
            long timer = vertx.setTimer(Math.max(1, max.toMillis()), t -> emitter.complete(null));
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                set.remove(emitter);
            });
        });
    }

    @Override
    public void listening(int backendPid) {
        // whatever committed before we listened is found now; meanwhile the waiters' periodic
        // fallbacks went on
        sequencer.wake();
        deliveries.wake();
    }

    @Override
    public void notified(String channel, String payload) {
        if (EventWriter.SEQUENCED_CHANNEL.equals(channel)) {
            Set<UniEmitter<? super Void>> set = waiters.get(payload);
            if (set != null) {
                set.forEach(e -> e.complete(null));
            }
        } else if (EventWriter.DELIVERIES_CHANNEL.equals(channel)) {
            deliveries.wake();
        }
    }
}
