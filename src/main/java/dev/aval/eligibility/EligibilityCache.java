package dev.aval.eligibility;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The eligibility snapshots this instance has read, by (distributor, document), so a repeated
 * question needs no round trip; the database still decides every hold. A snapshot is used only
 * <ul>
 * <li>while the cache is <em>trusted</em>: {@link ChangeListener} has proved within
 * {@code aval.eligibility.cache.trust-for} that every change committed before the proof has been
 * applied here (otherwise every call reads the database — "bypass");</li>
 * <li>before the instant the clock alone changes it ({@link Reading#holdsAt});</li>
 * <li>until a change of its distributor touches it: a change's event — applied here when this
 * instance appends it, and on every instance when the sequencer numbers it — drops the snapshots of
 * its document, of its account's documents, or, for the distributor's settings, all of the
 * distributor's.</li>
 * </ul>
 * A read that was in flight while its distributor changed is not kept (a generation per distributor).
 * A distributor's snapshots are kept only once {@link ChangeListener} knows from which event
 * number on it must read that distributor's changes. Bounded by entries and by bytes (Caffeine, a
 * weight per snapshot); metrics {@value #REQUESTS}, {@value #INVALIDATIONS}, {@value #TRUSTED}.
 */
@Singleton
public class EligibilityCache {

    static final String REQUESTS = "aval.eligibility.cache.requests";
    static final String INVALIDATIONS = "aval.eligibility.cache.invalidations";
    static final String TRUSTED = "aval.eligibility.cache.trusted";

    record Key(String distributorId, String document) {}

    /** What this instance knows of one distributor's changes. */
    static final class Tracked {
        /** The distributor's id: the one instance every key of its snapshots shares. */
        final String distributorId;
        /** The last event number applied here; -1 until the listener has read where to start. */
        volatile long lastSequence = -1;
        /** Bumped by every change applied: a read started before it is not kept. */
        final AtomicLong generation = new AtomicLong();
        /** The listener's read of this distributor's events: one at a time, once more when asked meanwhile. */
        final AtomicBoolean reading = new AtomicBoolean();

        final AtomicBoolean again = new AtomicBoolean();

        Tracked(String distributorId) {
            this.distributorId = distributorId;
        }
    }

    private final boolean enabled;
    private final Cache<Key, Reading> entries;
    /**
     * Account id → the cached documents whose reading lists that account: an immutable set, replaced
     * under the map's lock of the account (nearly always one key, 16 bytes instead of a
     * concurrent set's ~200 for each of up to 200,000 accounts).
     */
    private final ConcurrentHashMap<UUID, Set<Key>> byAccount = new ConcurrentHashMap<>();

    private final ConcurrentHashMap<String, Tracked> distributors = new ConcurrentHashMap<>();
    private volatile long trustedUntil = System.nanoTime() - 1;
    private volatile ChangeListener listener;

    private final Counter hits;
    private final Counter misses;
    private final Counter bypasses;
    private final Counter invalidations;

    @Inject
    public EligibilityCache(EligibilityConfig config, MeterRegistry registry) {
        EligibilityConfig.Cache settings = config.cache();
        this.enabled = settings.enabled();
        long minWeight = Math.max(1, settings.maxBytes() / Math.max(1, settings.maxEntries()));
        this.entries = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((Key k, Reading r) -> (int) Math.max(minWeight, r.weight(k.distributorId(), k.document())))
                // sized up front: growing the table and the frequency sketch while thousands of
                // documents arrive would run on the event loops that answer checkout
                .initialCapacity((int) Math.min(settings.maxEntries(), 1 << 16))
                // maintenance and the removal listener run on Caffeine's executor, off the event loops
                .removalListener(this::removed)
                .build();
        this.hits = requests(registry, "hit");
        this.misses = requests(registry, "miss");
        this.bypasses = requests(registry, "bypass");
        this.invalidations = Counter.builder(INVALIDATIONS)
                .description("Cached eligibility snapshots dropped because their data changed")
                .register(registry);
        Gauge.builder(TRUSTED, this, c -> c.trusted() ? 1 : 0)
                .description("1 while this instance may answer eligibility from its cache")
                .register(registry);
        Gauge.builder("aval.eligibility.cache.entries", entries, Cache::estimatedSize)
                .description("Eligibility snapshots held")
                .register(registry);
    }

    private static Counter requests(MeterRegistry registry, String result) {
        return Counter.builder(REQUESTS)
                .description("Eligibility reads by how the cache served them (bypass: not trusted, or disabled)")
                .tag("result", result)
                .register(registry);
    }

    boolean enabled() {
        return enabled;
    }

    /** The snapshot to answer from, or null (counted: miss, or bypass when the cache cannot be used). */
    Reading get(String distributorId, String document, long nowMillis) {
        if (!enabled || !trusted()) {
            bypasses.increment();
            return null;
        }
        Reading reading = entries.getIfPresent(new Key(distributorId, document));
        if (reading == null || !reading.holdsAt(nowMillis)) {
            misses.increment();
            return null;
        }
        hits.increment();
        return reading;
    }

    /**
     * Taken before a read from the database: the distributor's generation, or -1 when what is read
     * must not be kept (disabled, or the distributor's changes are not followed yet).
     */
    long ticket(String distributorId) {
        if (!enabled) {
            return -1;
        }
        Tracked tracked = distributors.get(distributorId);
        return tracked == null || tracked.lastSequence < 0 ? -1 : tracked.generation.get();
    }

    /**
     * Keeps what a read found, unless its distributor changed since {@code ticket} was taken; a
     * distributor read for the first time is followed from now on (what it reads next is kept).
     */
    void put(String distributorId, String document, Reading reading, long ticket) {
        if (!enabled || reading == null) {
            return;
        }
        if (ticket < 0) {
            follow(distributorId);
            return;
        }
        Tracked tracked = distributors.get(distributorId);
        if (tracked == null || tracked.generation.get() != ticket) {
            return;
        }
        Key key = new Key(tracked.distributorId, document);
        // stored first, then indexed, then checked again: a change applied meanwhile either finds
        // the key in the index or bumped the generation before the check, which drops it here
        entries.asMap().compute(key, (k, old) -> tracked.generation.get() == ticket ? reading : old);
        for (UUID account : reading.accounts()) {
            byAccount.compute(account, (a, keys) -> keys == null ? Set.of(key) : with(keys, key));
        }
        if (tracked.generation.get() != ticket) {
            entries.asMap().remove(key, reading);
        }
    }

    /** Starts following the distributor's changes, if not yet: {@link #ticket} is -1 until that has started. */
    void follow(String distributorId) {
        ChangeListener l = listener;
        if (l == null || distributors.containsKey(distributorId)) {
            return;
        }
        Tracked tracked = new Tracked(distributorId);
        if (distributors.putIfAbsent(distributorId, tracked) == null) {
            l.follow(distributorId, tracked);
        }
    }

    /** Applies one change of the distributor (an event, by its type, subject and data's ids). */
    void changed(String distributorId, String type, String subject, String document, String accountId) {
        Tracked tracked = distributors.get(distributorId);
        if (tracked == null) {
            return;
        }
        tracked.generation.incrementAndGet();
        if ("distributor.updated".equals(type)) {
            forget(distributorId);
            return;
        }
        if (type.startsWith("customer.")) {
            drop(new Key(distributorId, subject));
        }
        if (document != null) {
            drop(new Key(distributorId, document));
        }
        dropAccount(distributorId, accountId);
        if (!type.startsWith("customer.")) {
            dropAccount(distributorId, subject); // credit_account.*: the subject is the account
        }
    }

    /** Drops the document's snapshot, if held (the warm-up's documents once it ends). */
    void drop(String distributorId, String document) {
        drop(new Key(distributorId, document));
    }

    /** Drops every snapshot of the distributor (its settings changed, or too many changes at once). */
    void forget(String distributorId) {
        Tracked tracked = distributors.get(distributorId);
        if (tracked != null) {
            tracked.generation.incrementAndGet();
        }
        entries.asMap().keySet().removeIf(k -> {
            if (k.distributorId().equals(distributorId)) {
                invalidations.increment();
                return true;
            }
            return false;
        });
    }

    private void dropAccount(String distributorId, String accountId) {
        if (accountId == null || accountId.length() != 36) {
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(accountId);
        } catch (IllegalArgumentException e) {
            return; // a subject that is not an id
        }
        Set<Key> keys = byAccount.get(id);
        if (keys != null) {
            for (Key key : keys) {
                if (key.distributorId().equals(distributorId)) {
                    drop(key);
                }
            }
        }
    }

    private void drop(Key key) {
        if (entries.asMap().remove(key) != null) {
            invalidations.increment();
        }
    }

    /**
     * Keeps the account index to the snapshots held: a key leaves an account's set once the cache
     * holds no reading of that document listing the account (checked under the set's lock, so a
     * newer put of the same document, stored before it is indexed, keeps its place).
     */
    private void removed(Key key, Reading reading, RemovalCause cause) {
        if (key == null || reading == null) {
            return;
        }
        for (UUID account : reading.accounts()) {
            byAccount.computeIfPresent(account, (a, keys) -> {
                Reading now = entries.policy().getIfPresentQuietly(key);
                if (now == null || !now.accounts().contains(a)) {
                    return without(keys, key);
                }
                return keys;
            });
        }
    }

    private static Set<Key> with(Set<Key> keys, Key key) {
        if (keys.contains(key)) {
            return keys;
        }
        Set<Key> more = new HashSet<>(keys);
        more.add(key);
        return Set.copyOf(more);
    }

    /** The set without {@code key}, or null (the account leaves the index) when nothing is left. */
    private static Set<Key> without(Set<Key> keys, Key key) {
        if (!keys.contains(key)) {
            return keys;
        }
        Set<Key> fewer = new HashSet<>(keys);
        fewer.remove(key);
        return fewer.isEmpty() ? null : Set.copyOf(fewer);
    }

    // --- for ChangeListener ----------------------------------------------------------------------

    void attach(ChangeListener listener) {
        this.listener = listener;
    }

    Tracked tracked(String distributorId) {
        return distributors.get(distributorId);
    }

    /** Stops following the distributor (where to start could not be read): the next read asks again. */
    void unfollow(String distributorId, Tracked tracked) {
        distributors.remove(distributorId, tracked);
    }

    Iterable<java.util.Map.Entry<String, Tracked>> followed() {
        return distributors.entrySet();
    }

    boolean trusted() {
        return trustedUntil - System.nanoTime() > 0;
    }

    /** Trusts the cache until {@code nanoTime}, never shortening a trust already given. */
    void trustUntil(long nanoTime) {
        synchronized (this) {
            if (nanoTime - trustedUntil > 0) {
                trustedUntil = nanoTime;
            }
        }
    }

    /** Stops trusting the cache at once (the change signal is lost). */
    void distrust() {
        synchronized (this) {
            trustedUntil = System.nanoTime() - 1;
        }
    }
}
