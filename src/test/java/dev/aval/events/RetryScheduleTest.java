package dev.aval.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private final RetrySchedule schedule = new RetrySchedule(
            List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofHours(1)),
            Duration.ofHours(24));

    @Test
    void eachFailureWaitsItsDelayThenTheLastRepeats() {
        assertEquals(T0.plusSeconds(5), schedule.next(1, T0, T0, 0.5));
        assertEquals(T0.plusSeconds(30), schedule.next(2, T0, T0, 0.5));
        assertEquals(T0.plusSeconds(120), schedule.next(3, T0, T0, 0.5));
        assertEquals(T0.plusSeconds(3600), schedule.next(4, T0, T0, 0.5));
        assertEquals(T0.plusSeconds(3600), schedule.next(17, T0, T0, 0.5));
    }

    @Test
    void jitterIsPlusOrMinusTwentyPercent() {
        assertEquals(T0.plusMillis(4000), schedule.next(1, T0, T0, 0.0));
        assertEquals(T0.plusMillis(5500), schedule.next(1, T0, T0, 0.75));
        assertEquals(T0.plusMillis(6000), schedule.next(1, T0, T0, 0.9999));
    }

    @Test
    void theLastAttemptIsAtTheEndOfTheWindowThenItIsGivenUp() {
        Instant late = T0.plus(Duration.ofHours(23).plusMinutes(30));
        assertEquals(T0.plus(Duration.ofHours(24)), schedule.next(20, T0, late, 0.5));
        assertNull(schedule.next(21, T0, T0.plus(Duration.ofHours(24)), 0.5));
        assertNull(schedule.next(21, T0, T0.plus(Duration.ofHours(25)), 0.5));
    }
}
