package dev.aval.platform;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered UUIDs (version 7, RFC 9562): unique across instances and, within one instance,
 * strictly increasing — the 12 bits after the millisecond are a counter (RFC 9562 §6.2, method 1),
 * so rows one instance makes in one millisecond (two changes of one customer in one batch) keep
 * their order, "order by id" is a stable cursor, and inserts stay at the right edge of indexes.
 * Across instances the order is their clocks' (equal to the millisecond only as far as they agree). More than 4,096 ids in a millisecond borrow the next one, as the RFC allows.
 * Ids are not secrets (API keys use their own SecureRandom): 62 random bits from the
 * contention-free ThreadLocalRandom make them unique across instances.
 */
public final class Ids {

    /** The last (millisecond << 12 | counter) handed out. */
    private static final AtomicLong LAST = new AtomicLong();

    private Ids() {}

    public static UUID newId() {
        long now = System.currentTimeMillis() << 12;
        long next = LAST.updateAndGet(last -> Math.max(last + 1, now));
        long msb = ((next >>> 12) << 16) | 0x7000L | (next & 0xFFFL);
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
