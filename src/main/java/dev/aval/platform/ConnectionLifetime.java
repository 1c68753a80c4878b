package dev.aval.platform;

import java.util.concurrent.TimeUnit;

import io.vertx.sqlclient.PoolOptions;

/**
 * When a long-lived connection should be replaced, by the pool's own rules: idle longer than its
 * idle timeout (a NAT, load balancer or PgBouncer in between may have dropped it silently), or
 * open longer than its max lifetime (so a failover or a credentials rotation reaches it too).
 * A zero limit means none, as in {@link PoolOptions}.
 */
record ConnectionLifetime(long idleNanos, long lifetimeNanos) {

    static ConnectionLifetime of(PoolOptions pool) {
        return new ConnectionLifetime(nanos(pool.getIdleTimeout(), pool.getIdleTimeoutUnit()),
                nanos(pool.getMaxLifetime(), pool.getMaxLifetimeUnit()));
    }

    /** Whether a connection opened at {@code openedAt} and last used at {@code lastUsedAt} should be replaced at {@code now}. */
    boolean expired(long openedAt, long lastUsedAt, long now) {
        return (idleNanos > 0 && now - lastUsedAt > idleNanos) || (lifetimeNanos > 0 && now - openedAt > lifetimeNanos);
    }

    private static long nanos(int amount, TimeUnit unit) {
        return amount <= 0 || unit == null ? 0 : unit.toNanos(amount);
    }
}
