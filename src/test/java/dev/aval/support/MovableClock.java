package dev.aval.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The service's clock in tests: the system's, moved forward by {@link #advance} so a test makes
 * time pass (a hold expire, an invoice fall due) instead of sleeping. It replaces
 * {@code platform.SystemClock}'s producer for every test (an alternative with a priority), and
 * reads the real time otherwise, so tests that never move it see the usual clock. A test that
 * moves it puts it back with {@link #reset} (in a {@code finally} or {@code @AfterEach}): the
 * Quarkus application is shared by every test class of the run.
 */
@Alternative
@Priority(1)
@Singleton
public class MovableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves the clock forward (or back, with a negative duration) by {@code by}. */
    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    /** Back to the system's time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service's clock is UTC");
    }
}
