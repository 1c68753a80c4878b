package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The bytes of bodies held at once never pass the budget, however many requests reserve together. */
class BodyBudgetTest {

    @Test
    void reservationsPastTheBudgetAreRefusedAndReleasedBytesComeBack() {
        BodyBudget budget = new BodyBudget(100);
        assertTrue(budget.tryReserve(60));
        assertFalse(budget.tryReserve(41));
        assertTrue(budget.tryReserve(40));
        assertFalse(budget.tryReserve(1));
        budget.release(60);
        assertTrue(budget.tryReserve(60));
        assertEquals(100, budget.held());
    }

    @Test
    void concurrentReservationsNeverOvershoot() throws Exception {
        BodyBudget budget = new BodyBudget(1_000);
        AtomicLong highest = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        if (budget.tryReserve(7)) {
                            highest.accumulateAndGet(budget.held(), Math::max);
                            budget.release(7);
                        }
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(highest.get() <= 1_000, "held " + highest.get());
        assertEquals(0, budget.held());
    }
}
