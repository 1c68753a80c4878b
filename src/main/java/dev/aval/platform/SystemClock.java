package dev.aval.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * "Now" comes from an injected {@link Clock}, so tests can move time instead of sleeping (the
 * tests replace this producer with a clock they move).
 */
public class SystemClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The clock's instant at PostgreSQL's precision (microseconds), so what is stored reads back equal. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
