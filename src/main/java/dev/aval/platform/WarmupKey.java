package dev.aval.platform;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

/**
 * The key the service gives itself to call its own API while it warms up: shaped as an issued key
 * (so its calls take the same path: shape check, SHA-256, directory cache), random, held in memory
 * only (its hash, as the database would), each speaking for one distributor as a CHECKOUT key would
 * ({@link Caller#warmup}), all revoked when the warm-up ends — from then on nothing matches, and the
 * check costs an empty map's look, on the path of keys the directory has not cached only.
 */
@Singleton
public class WarmupKey {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Hash of each live token → its caller; empty once revoked. */
    private final Map<String, Caller> issued = new ConcurrentHashMap<>();

    /** A new token speaking for {@code distributorId} (null: for no distributor, {@code /v1/me} only). */
    public String issue(String distributorId) {
        byte[] bytes = new byte[ApiKeyHash.SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        String token =
                ApiKeyHash.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        issued.put(ApiKeyHash.of(token), Caller.warmup(distributorId));
        return token;
    }

    /** Revokes every token issued so far. */
    public void revoke() {
        issued.clear();
    }

    /** The warm-up's caller when {@code keyHash} is a live token's hash, else null. */
    Caller callerFor(String keyHash) {
        return issued.isEmpty() ? null : issued.get(keyHash);
    }
}
