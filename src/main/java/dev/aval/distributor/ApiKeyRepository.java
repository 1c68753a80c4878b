package dev.aval.distributor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.aval.platform.AvalConfig;
import dev.aval.platform.Caller;
import dev.aval.platform.KeyDirectory;
import dev.aval.platform.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Key and distributor look-ups for every request, cached in memory: a verified key is trusted
 * for {@code aval.auth.cache-ttl} (so a revocation elsewhere takes effect within it; here at
 * once), distributors — never deleted — once seen are known for good, and a distributor's
 * settings are reused for the same time as keys (a change made on another instance applies
 * here within it; here at once). A hash found in no active key is remembered as a miss for the
 * same time, in a bounded cache ({@value #MAX_MISSES} hashes), so repeating an unknown key costs
 * no database work; the metric {@value #LOOKUPS} counts the look-ups that reach the database.
 */
@Singleton
public class ApiKeyRepository implements KeyDirectory {

    private static final String KEY_BY_HASH = """
            select id, distributor_id, role from api_key where key_hash = $1 and revoked_at is null
            """;
    private static final String DISTRIBUTOR_EXISTS = "select 1 from distributor where id = $1";
    private static final String SETTINGS = """
            select pending_customers_can_purchase, block_credit_when_overdue, overdue_grace_days
              from distributor where id = $1
            """;

    /** The metric counting key look-ups that reach the database. */
    public static final String LOOKUPS = "aval.auth.key.lookups";
    /** Unknown hashes remembered at once; beyond it the oldest are forgotten. */
    static final int MAX_MISSES = 10_000;

    private record Cached(Caller caller, long expiresAt) {}

    private record CachedSettings(DistributorSettings settings, long expiresAt) {}

    private final ConcurrentHashMap<String, Cached> keys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CachedSettings> settings = new ConcurrentHashMap<>();
    private final Set<String> distributors = ConcurrentHashMap.newKeySet();
    /** Bumped by every revocation here: a look-up that was in flight meanwhile does not cache what it read. */
    private final AtomicLong revocations = new AtomicLong();

    private final long ttlNanos;
    private final Cache<String, Boolean> misses;
    private final Counter lookups;

    @Inject
    Pool pool;

    @Inject
    public ApiKeyRepository(AvalConfig config, MeterRegistry registry) {
        this.ttlNanos = config.auth().cacheTtl().toNanos();
        this.misses = Caffeine.newBuilder()
                .maximumSize(MAX_MISSES)
                .expireAfterWrite(config.auth().cacheTtl())
                .build();
        this.lookups = Counter.builder(LOOKUPS)
                .description("API key look-ups that reached the database")
                .register(registry);
    }

    /** Unknown hashes remembered now, once pending evictions are done: never over {@link #MAX_MISSES}. */
    long missesRemembered() {
        misses.cleanUp();
        return misses.estimatedSize();
    }

    @Override
    public Caller cachedKey(String keyHash) {
        Cached cached = keys.get(keyHash);
        return cached != null && cached.expiresAt - System.nanoTime() > 0 ? cached.caller : null;
    }

    @Override
    public Uni<Caller> findActiveKey(String keyHash) {
        Caller known = cachedKey(keyHash);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        if (misses.getIfPresent(keyHash) != null) {
            return Uni.createFrom().nullItem();
        }
        long revocationsBefore = revocations.get();
        lookups.increment();
        return pool.preparedQuery(KEY_BY_HASH).execute(Tuple.of(keyHash)).map(rows -> {
            Caller caller = toCaller(rows);
            if (caller == null) {
                keys.remove(keyHash);
                misses.put(keyHash, Boolean.TRUE);
            } else if (revocations.get() == revocationsBefore) {
                keys.put(keyHash, new Cached(caller, System.nanoTime() + ttlNanos));
            }
            return caller;
        });
    }

    @Override
    public boolean knownDistributor(String distributorId) {
        return distributors.contains(distributorId);
    }

    @Override
    public Uni<Boolean> distributorExists(String distributorId) {
        if (knownDistributor(distributorId)) {
            return Uni.createFrom().item(Boolean.TRUE);
        }
        return pool.preparedQuery(DISTRIBUTOR_EXISTS)
                .execute(Tuple.of(distributorId))
                .map(rows -> {
                    boolean exists = rows.size() > 0;
                    if (exists) {
                        distributors.add(distributorId);
                    }
                    return exists;
                });
    }

    /** The distributor's settings when this instance read them less than the TTL ago, else null (then use {@link #settings}). */
    public DistributorSettings cachedSettings(String distributorId) {
        CachedSettings cached = settings.get(distributorId);
        return cached != null && cached.expiresAt - System.nanoTime() > 0 ? cached.settings : null;
    }

    /** The distributor's settings, or a null item when it does not exist. */
    public Uni<DistributorSettings> settings(String distributorId) {
        DistributorSettings cached = cachedSettings(distributorId);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return pool.preparedQuery(SETTINGS).execute(Tuple.of(distributorId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            DistributorSettings read = new DistributorSettings(
                    row.getBoolean("pending_customers_can_purchase"),
                    row.getBoolean("block_credit_when_overdue"),
                    row.getInteger("overdue_grace_days"));
            settings.put(distributorId, new CachedSettings(read, System.nanoTime() + ttlNanos));
            return read;
        });
    }

    /** Forgets a distributor's settings on this instance at once (called after they change). */
    void evictSettings(String distributorId) {
        settings.remove(distributorId);
    }

    /**
     * Forgets a key on this instance at once — called once its revocation is committed, so every
     * look-up from then on reads it revoked, and one still in flight does not cache it again.
     */
    void evict(String keyId) {
        revocations.incrementAndGet();
        keys.values().removeIf(c -> c.caller.keyId().equals(keyId));
    }

    private static Caller toCaller(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new Caller(
                row.getUUID("id").toString(),
                row.getString("distributor_id"),
                Role.valueOf(row.getString("role")),
                false);
    }
}
