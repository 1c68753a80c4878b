package dev.aval.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a failed delivery is tried next: the configured delay for this attempt (the last one
 * repeats) with ±20 % jitter, never past the end of its retry window; at or after that end it
 * is given up (FAILED).
 */
record RetrySchedule(List<Duration> delays, Duration giveUpAfter) {

    /** ±this percentage of each delay, at random (money rule: no floating-point fields). */
    static final int JITTER_PERCENT = 20;

    /**
     * @param attempts attempts made so far in the retry window (1 after its first)
     * @param retrySince when the window opened: the delivery's first attempt, or the first after a
     *     manual retry or the endpoint's re-enabling
     * @param random a number in [0, 1) choosing the jitter
     * @return the next attempt's time, or null when the delivery is given up
     */
    Instant next(int attempts, Instant retrySince, Instant now, double random) {
        Instant end = retrySince.plus(giveUpAfter);
        if (!now.isBefore(end)) {
            return null;
        }
        Duration delay = delays.get(Math.min(Math.max(attempts, 1), delays.size()) - 1);
        long millis = Math.round(delay.toMillis() * (100 - JITTER_PERCENT + 2 * JITTER_PERCENT * random) / 100);
        Instant next = now.plusMillis(millis);
        return next.isAfter(end) ? end : next;
    }
}
