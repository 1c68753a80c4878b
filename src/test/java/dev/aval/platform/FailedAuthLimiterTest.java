package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Failed authentications per address and second, on a clock the test moves. */
class FailedAuthLimiterTest {

    private long second = 1_800_000_000L;

    private FailedAuthLimiter limiter(int perSecond) {
        return new FailedAuthLimiter(perSecond) {
            @Override
            long now() {
                return second;
            }
        };
    }

    @Test
    void anAddressIsBlockedOnceItsFailuresOfTheSecondReachTheLimit() {
        FailedAuthLimiter limiter = limiter(3);
        for (int i = 0; i < 3; i++) {
            assertFalse(limiter.blocked("203.0.113.1"), "after " + i + " failures");
            limiter.failed("203.0.113.1");
        }
        assertTrue(limiter.blocked("203.0.113.1"));
    }

    @Test
    void aFloodFromManyAddressesNeverTracksMoreThanTheBound() {
        FailedAuthLimiter limiter = limiter(1);
        int sent = FailedAuthLimiter.MAX_ADDRESSES + 5_000;
        for (int i = 0; i < sent; i++) {
            limiter.failed("2001:db8::" + Integer.toHexString(i));
        }
        assertTrue(limiter.tracked() <= FailedAuthLimiter.MAX_ADDRESSES, limiter.tracked() + " addresses");
        assertTrue(limiter.blocked("2001:db8::" + Integer.toHexString(sent - 1)), "the latest is still counted");
    }

    @Test
    void otherAddressesAreNotBlocked() {
        FailedAuthLimiter limiter = limiter(1);
        limiter.failed("203.0.113.1");
        assertTrue(limiter.blocked("203.0.113.1"));
        assertFalse(limiter.blocked("203.0.113.2"));
    }

    @Test
    void theNextSecondStartsAfresh() {
        FailedAuthLimiter limiter = limiter(2);
        limiter.failed("203.0.113.1");
        limiter.failed("203.0.113.1");
        assertTrue(limiter.blocked("203.0.113.1"));
        second++;
        assertFalse(limiter.blocked("203.0.113.1"));
        limiter.failed("203.0.113.1");
        assertFalse(limiter.blocked("203.0.113.1"));
    }

    @Test
    void zeroTurnsTheLimitOff() {
        FailedAuthLimiter limiter = limiter(0);
        for (int i = 0; i < 100; i++) {
            limiter.failed("203.0.113.1");
        }
        assertFalse(limiter.blocked("203.0.113.1"));
    }

    @Test
    void aWindowOfAMinuteCountsAcrossItsSecondsAndAForgivenAttemptIsTakenBack() {
        second = 1_800_000_000L - 1_800_000_000L % 60;
        FailedAuthLimiter limiter = new FailedAuthLimiter(2, java.time.Duration.ofMinutes(1)) {
            @Override
            long now() {
                return second;
            }
        };
        limiter.failed("203.0.113.2");
        second += 30;
        limiter.failed("203.0.113.2");
        limiter.forgive("203.0.113.2");
        assertFalse(limiter.blocked("203.0.113.2"), "a right one taken back");
        limiter.failed("203.0.113.2");
        second += 29;
        assertTrue(limiter.blocked("203.0.113.2"), "two failures within the minute");
        second += 1;
        assertFalse(limiter.blocked("203.0.113.2"), "the next minute starts afresh");
    }

    @Test
    void tryCountCountsUpToTheLimitAndNoFurtherEvenFromManyThreads() throws Exception {
        FailedAuthLimiter limiter = limiter(50);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.atomic.AtomicInteger admitted = new java.util.concurrent.atomic.AtomicInteger();
        var tasks = new java.util.ArrayList<java.util.concurrent.Callable<Void>>();
        for (int i = 0; i < 400; i++) {
            tasks.add(() -> {
                if (limiter.tryCount("203.0.113.3")) {
                    admitted.incrementAndGet();
                }
                return null;
            });
        }
        pool.invokeAll(tasks);
        pool.shutdown();
        org.junit.jupiter.api.Assertions.assertEquals(50, admitted.get());
        assertTrue(limiter.blocked("203.0.113.3"));
    }
}
