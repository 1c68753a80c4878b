package dev.aval.platform;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered UUIDs (version 7, RFC 9562): unique across instances, roughly in creation
 * order, so "order by id" is a stable cursor and inserts stay at the right edge of indexes.
 * Ids are not secrets (API keys use their own SecureRandom): 74 random bits from the
 * contention-free ThreadLocalRandom — every request id is one of these.
 */
public final class Ids {

    private Ids() {
    }

    public static UUID newId() {
        long millis = System.currentTimeMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long randA = random.nextInt(1 << 12);
        long msb = (millis << 16) | 0x7000L | randA;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }
}
