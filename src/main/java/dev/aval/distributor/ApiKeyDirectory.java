package dev.aval.distributor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import dev.aval.platform.AvalConfig;
import dev.aval.platform.Caller;
import dev.aval.platform.KeyDirectory;
import dev.aval.platform.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Key and distributor look-ups for every request, cached in memory: a verified key is trusted
 * for {@code aval.auth.cache-ttl} (so a revocation elsewhere takes effect within it; here at
 * once), and distributors — never deleted — once seen are known for good.
 */
@Singleton
public class ApiKeyDirectory implements KeyDirectory {

    private static final String KEY_BY_HASH = """
            select id, distributor_id, role from api_key where key_hash = $1 and revoked_at is null
            """;
    private static final String DISTRIBUTOR_EXISTS = "select 1 from distributor where id = $1";

    private record Cached(Caller caller, long expiresAt) {
    }

    private final ConcurrentHashMap<String, Cached> keys = new ConcurrentHashMap<>();
    private final Set<String> distributors = ConcurrentHashMap.newKeySet();
    private final long ttlNanos;

    @Inject
    Pool pool;

    @Inject
    public ApiKeyDirectory(AvalConfig config) {
        this.ttlNanos = config.auth().cacheTtl().toNanos();
    }

    @Override
    public Uni<Caller> findActiveKey(String keyHash) {
        Cached cached = keys.get(keyHash);
        if (cached != null && cached.expiresAt - System.nanoTime() > 0) {
            return Uni.createFrom().item(cached.caller);
        }
        return pool.preparedQuery(KEY_BY_HASH).execute(Tuple.of(keyHash)).map(rows -> {
            Caller caller = toCaller(rows);
            if (caller == null) {
                keys.remove(keyHash);
            } else {
                keys.put(keyHash, new Cached(caller, System.nanoTime() + ttlNanos));
            }
            return caller;
        });
    }

    @Override
    public Uni<Boolean> distributorExists(String distributorId) {
        if (distributors.contains(distributorId)) {
            return Uni.createFrom().item(Boolean.TRUE);
        }
        return pool.preparedQuery(DISTRIBUTOR_EXISTS).execute(Tuple.of(distributorId)).map(rows -> {
            boolean exists = rows.size() > 0;
            if (exists) {
                distributors.add(distributorId);
            }
            return exists;
        });
    }

    /** Forgets a key on this instance at once (called on revocation). */
    void evict(String keyId) {
        keys.values().removeIf(c -> c.caller.keyId().equals(keyId));
    }

    private static Caller toCaller(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        return new Caller(row.getUUID("id").toString(), row.getString("distributor_id"),
                Role.valueOf(row.getString("role")), false);
    }
}
