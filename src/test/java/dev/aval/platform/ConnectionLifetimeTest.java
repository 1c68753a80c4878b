package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vertx.sqlclient.PoolOptions;

class ConnectionLifetimeTest {

    private static final long S = TimeUnit.SECONDS.toNanos(1);

    private final ConnectionLifetime lifetime = ConnectionLifetime.of(new PoolOptions()
            .setIdleTimeout(5).setIdleTimeoutUnit(TimeUnit.MINUTES)
            .setMaxLifetime(30).setMaxLifetimeUnit(TimeUnit.MINUTES));

    @Test
    void aBusyYoungConnectionIsKept() {
        long opened = 1_000 * S;
        assertFalse(lifetime.expired(opened, opened + 100 * S, opened + 101 * S));
    }

    @Test
    void aConnectionIdleLongerThanTheIdleTimeoutIsReplaced() {
        long opened = 1_000 * S;
        assertFalse(lifetime.expired(opened, opened, opened + 300 * S));
        assertTrue(lifetime.expired(opened, opened, opened + 301 * S));
    }

    @Test
    void aConnectionOlderThanTheMaxLifetimeIsReplacedEvenWhenBusy() {
        long opened = 1_000 * S;
        long now = opened + 1_801 * S;
        assertTrue(lifetime.expired(opened, now - S, now));
        assertFalse(lifetime.expired(opened, now - S, opened + 1_800 * S));
    }

    @Test
    void zeroMeansNoLimitAsInThePool() {
        ConnectionLifetime none = ConnectionLifetime.of(new PoolOptions().setIdleTimeout(0).setMaxLifetime(0));
        assertFalse(none.expired(0, 0, 365L * 24 * 3600 * S));
    }

    @Test
    void poolOptionsAreReadInTheirOwnUnits() {
        assertTrue(lifetime.idleNanos() == 300 * S && lifetime.lifetimeNanos() == 1_800 * S);
    }
}
