package dev.aval.eligibility;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.aval.platform.EventLog;
import dev.aval.platform.PgListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Keeps {@link EligibilityCache} exact, driven by the database. On a pool connection of its own
 * ({@link PgListener}) it {@code LISTEN}s to the sequencer's {@value EventLog#SEQUENCED_CHANNEL} (payload: a distributor whose
 * events were just numbered, on any instance) and reads that distributor's events since the last it
 * applied, dropping the snapshots they touch; this instance's own changes are applied already when
 * they are appended ({@link EventLog#onAppended}) and again when they commit ({@link EventLog#onCommitted}:
 * a read between the two saw the state before), so this instance reads its own writes.
 *
 * <p><b>Trust.</b> Every {@code aval.eligibility.cache.beat-every} it sends itself a notification (a
 * "beat") through the pool. PostgreSQL delivers notifications in commit order, so receiving beat
 * <i>n</i> proves that every distributor numbered before it was sent has been notified here; once the
 * reads those notifications started are done, the cache is trusted until the beat's sending plus
 * {@code aval.eligibility.cache.trust-for}, less the wait of the oldest change the sequencer has not
 * numbered yet (a change is notified only once numbered). No beat, no trust: a lost connection
 * distrusts the cache at once, and a stalled database or sequencer lets the trust run out — eligibility
 * then reads the database. On reconnecting, every followed distributor's events since its last
 * applied one are read again ("resync": the event log is durable, so nothing is missed) before a new
 * beat can count. Metric {@value #RESYNCS}.
 */
@ApplicationScoped
class ChangeListener implements PgListener.Handler {

    static final String RESYNCS = "aval.eligibility.cache.resyncs";
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** A local append of more events than this drops the distributor's snapshots instead of one by one. */
    private static final int MANY = 200;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    EligibilityCache cache;

    @Inject
    ChangesQuery changes;

    @Inject
    EligibilityConfig config;

    @Inject
    EventLog events;

    @Inject
    MeterRegistry registry;

    /** A beat in flight: sent at {@code sent}; counts once both its notification and the lag are back. */
    private static final class Beat {
        final long sent = System.nanoTime();
        final long epoch;
        volatile Long lagMillis;
        volatile boolean received;

        Beat(long epoch) {
            this.epoch = epoch;
        }
    }

    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong beats = new AtomicLong();
    private final Map<Long, Beat> inFlight = new ConcurrentHashMap<>();
    /** Distributors whose events are being read: a beat counts only when none is. */
    private final AtomicInteger reading = new AtomicInteger();
    /** A complete beat that came while events were being read: applied when the reads end. */
    private Beat waiting;
    /** Bumped per LISTEN connection: a beat sent before the current connection listened proves nothing. */
    private volatile long epoch;

    private PgListener listener;
    private long periodic = -1;
    private Counter resyncs;

    void start(@Observes StartupEvent event) {
        if (!cache.enabled()) {
            return;
        }
        resyncs = Counter.builder(RESYNCS)
                .description(
                        "Times the eligibility cache re-read the changes it may have missed (its connection was lost)")
                .register(registry);
        cache.attach(this);
        // at the append, so reads in flight are not kept; at the commit, for those read in between
        events.onAppended(this::appended);
        events.onCommitted(this::appended);
        listener = PgListener.start(
                pool, vertx, "eligibility cache", List.of(EventLog.SEQUENCED_CHANNEL, ChangesQuery.BEAT_CHANNEL), this);
        periodic = vertx.setPeriodic(config.cache().beatEvery().toMillis(), t -> beat());
    }

    void stop(@Observes ShutdownEvent event) {
        if (periodic >= 0) {
            vertx.cancelTimer(periodic);
        }
        if (listener != null) {
            listener.stop();
        }
    }

    /** Starts following a distributor: its changes are read from its current last event on. */
    void follow(String distributorId, EligibilityCache.Tracked tracked) {
        changes.last(distributorId)
                .subscribe()
                .with(
                        last -> {
                            tracked.lastSequence = last;
                            read(distributorId); // anything numbered while we asked
                        },
                        e -> {
                            Log.debugf("eligibility cache: cannot follow a distributor yet (%s)", e.toString());
                            cache.unfollow(distributorId, tracked);
                        });
    }

    // --- this instance's own changes --------------------------------------------------------------

    private void appended(List<EventLog.Appended> appended) {
        if (appended.size() > MANY) {
            Set<String> distributors = new HashSet<>();
            appended.forEach(a -> distributors.add(a.distributorId()));
            distributors.forEach(cache::forget);
            return;
        }
        for (EventLog.Appended a : appended) {
            cache.changed(
                    a.distributorId(),
                    a.type(),
                    a.subject(),
                    member(a.json(), "\"document\":\""),
                    member(a.json(), "\"accountId\":\""));
        }
    }

    /** The string value of the first member so named in the JSON (the resource's own, which comes first). */
    static String member(String json, String prefix) {
        int at = json.indexOf(prefix);
        if (at < 0) {
            return null;
        }
        int start = at + prefix.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    // --- the notifications ------------------------------------------------------------------------

    @Override
    public void listening(int backendPid) {
        long now = ++epoch;
        Log.infof("eligibility cache: listening for changes on backend pid %d", backendPid);
        if (now > 1) {
            resyncs.increment();
        }
        // whatever was numbered while nobody listened is read now, before a beat counts
        cache.followed().forEach(e -> read(e.getKey()));
    }

    @Override
    public void lost() {
        epoch++;
        cache.distrust();
        Log.warn("eligibility cache: answering from the database until resynchronised");
    }

    @Override
    public void notified(String channel, String payload) {
        if (EventLog.SEQUENCED_CHANNEL.equals(channel)) {
            read(payload);
        } else if (ChangesQuery.BEAT_CHANNEL.equals(channel) && payload.startsWith(instance + ':')) {
            Beat beat = inFlight.get(Long.parseLong(payload.substring(instance.length() + 1)));
            if (beat != null) {
                beat.received = true;
                counted(beat);
            }
        }
    }

    // --- reading a distributor's events -----------------------------------------------------------

    /** Reads the distributor's events since the last applied, now or once more after the read in progress. */
    private void read(String distributorId) {
        EligibilityCache.Tracked tracked = cache.tracked(distributorId);
        if (tracked == null || tracked.lastSequence < 0) {
            return;
        }
        tracked.again.set(true);
        if (tracked.reading.compareAndSet(false, true)) {
            reading.incrementAndGet();
            readPage(distributorId, tracked);
        }
    }

    private void readPage(String distributorId, EligibilityCache.Tracked tracked) {
        tracked.again.set(false);
        changes.since(distributorId, tracked.lastSequence)
                .subscribe()
                .with(
                        page -> {
                            for (ChangesQuery.Change c : page) {
                                cache.changed(distributorId, c.type(), c.subject(), c.document(), c.accountId());
                            }
                            if (!page.isEmpty()) {
                                tracked.lastSequence = page.get(page.size() - 1).sequence();
                            }
                            if (page.size() >= ChangesQuery.PAGE || tracked.again.get()) {
                                readPage(distributorId, tracked);
                            } else {
                                done(distributorId, tracked);
                            }
                        },
                        e -> {
                            // still counted as reading: no beat counts until this distributor is read
                            Log.warnf("eligibility cache: cannot read changes (%s), retrying", e.toString());
                            vertx.setTimer(RETRY.toMillis(), t -> readPage(distributorId, tracked));
                        });
    }

    private void done(String distributorId, EligibilityCache.Tracked tracked) {
        tracked.reading.set(false);
        if (tracked.again.get() && tracked.reading.compareAndSet(false, true)) {
            readPage(distributorId, tracked);
            return;
        }
        if (reading.decrementAndGet() == 0) {
            Beat beat;
            synchronized (this) {
                beat = waiting;
                waiting = null;
            }
            if (beat != null) {
                counted(beat);
            }
        }
    }

    // --- beats ------------------------------------------------------------------------------------

    private void beat() {
        if (!listener.listening()) {
            return;
        }
        long n = beats.incrementAndGet();
        Beat beat = new Beat(epoch);
        inFlight.put(n, beat);
        changes.beat(instance + ':' + n)
                .subscribe()
                .with(
                        lag -> {
                            beat.lagMillis = lag;
                            counted(beat);
                        },
                        e -> inFlight.remove(n));
        // beats that will never come back (a lost connection) are forgotten after a few periods
        inFlight.keySet().removeIf(k -> k < n - 20);
    }

    /** Trusts the cache on a beat that is back in full, once no distributor's events are being read. */
    private void counted(Beat beat) {
        if (beat.lagMillis == null || !beat.received || beat.epoch != epoch || !listener.listening()) {
            return;
        }
        synchronized (this) {
            if (reading.get() > 0) {
                if (waiting == null || beat.sent - waiting.sent > 0) {
                    waiting = beat;
                }
                return;
            }
        }
        long trust = config.cache().trustFor().toNanos() - beat.lagMillis * 1_000_000L;
        if (trust > 0) {
            cache.trustUntil(beat.sent + trust);
        }
    }
}
