package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The per-key, per-second window, without Quarkus (a test profile would restart the app). */
class RateLimiterTest {

    @Test
    void requestsBeyondTheRateInOneSecondAreRefused() {
        RateLimiter limiter = limiter(3);
        startOfASecond();
        assertTrue(limiter.tryAcquire("k1"));
        assertTrue(limiter.tryAcquire("k1"));
        assertTrue(limiter.tryAcquire("k1"));
        assertFalse(limiter.tryAcquire("k1"));
        assertFalse(limiter.tryAcquire("k1"));
    }

    @Test
    void eachKeyHasItsOwnBudget() {
        RateLimiter limiter = limiter(1);
        startOfASecond();
        assertTrue(limiter.tryAcquire("k1"));
        assertFalse(limiter.tryAcquire("k1"));
        assertTrue(limiter.tryAcquire("k2"));
    }

    @Test
    void theBudgetComesBackInTheNextSecond() {
        RateLimiter limiter = limiter(1);
        startOfASecond();
        long second = System.currentTimeMillis() / 1000;
        assertTrue(limiter.tryAcquire("k1"));
        assertFalse(limiter.tryAcquire("k1"));
        // the limiter reads System.currentTimeMillis(), no Clock to move: the next second comes for real
        Awaitility.await("the next second")
                .atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> System.currentTimeMillis() / 1000 > second);
        assertTrue(limiter.tryAcquire("k1"));
    }

    @Test
    void zeroTurnsTheLimitOff() {
        RateLimiter limiter = limiter(0);
        for (int i = 0; i < 10_000; i++) {
            assertTrue(limiter.tryAcquire("k1"));
        }
    }

    @Test
    void concurrentCallersNeverGetMoreThanTheRate() throws InterruptedException {
        int rate = 100;
        RateLimiter limiter = limiter(rate);
        startOfASecond();
        AtomicInteger allowed = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 50; i++) {
                        if (limiter.tryAcquire("shared")) {
                            allowed.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            go.countDown();
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
        assertEquals(rate, allowed.get());
    }

    private static RateLimiter limiter(int perSecond) {
        return new RateLimiter(perSecond);
    }

    /** Waits until the first half of a wall-clock second, so a short burst stays inside one window. */
    private static void startOfASecond() {
        while (System.currentTimeMillis() % 1000 > 400) {
            Thread.onSpinWait();
        }
    }
}
