package dev.aval.platform;

import io.smallrye.mutiny.Uni;

/**
 * Where {@link ApiKeyAccess} looks keys and distributors up; implemented by the distributor
 * feature (which owns those tables), cached so the hot path rarely touches the database.
 */
public interface KeyDirectory {

    /** The active key with this SHA-256 hash, or a null item when unknown or revoked. */
    Uni<Caller> findActiveKey(String keyHash);

    /** The active key with this hash when this instance holds it fresh, else null (then {@link #findActiveKey}). */
    Caller cachedKey(String keyHash);

    /** Whether the distributor exists. */
    Uni<Boolean> distributorExists(String distributorId);

    /** True when the distributor is known to exist without a look-up (the usual case: no Mutiny stage at all). */
    boolean knownDistributor(String distributorId);
}
