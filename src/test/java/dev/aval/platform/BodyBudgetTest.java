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

/**
 * The bytes of bodies held at once never pass the budget, nor one owner's share of it, however many
 * requests reserve together.
 */
class BodyBudgetTest {

    @Test
    void reservationsPastTheBudgetAreRefusedAndReleasedBytesComeBack() {
        BodyBudget budget = new BodyBudget(100, 100);
        assertTrue(budget.tryReserve("a", 60));
        assertFalse(budget.tryReserve("b", 41));
        assertTrue(budget.tryReserve("b", 40));
        assertFalse(budget.tryReserve("c", 1));
        budget.release("a", 60);
        assertTrue(budget.tryReserve("c", 60));
        assertEquals(100, budget.held());
    }

    @Test
    void oneOwnerNeverTakesMoreThanItsShareAndTheRestStaysForOthers() {
        BodyBudget budget = new BodyBudget(100, 30);
        assertTrue(budget.tryReserve("a", 20));
        assertFalse(budget.tryReserve("a", 11), "past a's share");
        assertTrue(budget.tryReserve("a", 10));
        assertFalse(budget.tryReserve("a", 1), "a holds its whole share");
        assertEquals(30, budget.heldBy("a"));
        // the budget's other 70 bytes are there for the others, each within its own share
        assertTrue(budget.tryReserve("b", 30));
        assertTrue(budget.tryReserve("c", 30));
        assertFalse(budget.tryReserve("d", 11), "past the whole budget");
        assertTrue(budget.tryReserve("d", 10));
        assertEquals(100, budget.held());
        // a refused reservation took nothing; released bytes come back to the owner's share
        budget.release("a", 20);
        assertEquals(10, budget.heldBy("a"));
        assertTrue(budget.tryReserve("a", 20));
        budget.release("a", 30);
        assertEquals(0, budget.heldBy("a"));
        assertEquals(70, budget.held());
    }

    @Test
    void concurrentReservationsNeverOvershoot() throws Exception {
        BodyBudget budget = new BodyBudget(1_000, 400);
        AtomicLong highest = new AtomicLong();
        AtomicLong highestOwner = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String owner = "owner-" + (t % 4);
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        if (budget.tryReserve(owner, 7)) {
                            highest.accumulateAndGet(budget.held(), Math::max);
                            highestOwner.accumulateAndGet(budget.heldBy(owner), Math::max);
                            budget.release(owner, 7);
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
        assertTrue(highestOwner.get() <= 400, "one owner held " + highestOwner.get());
        assertEquals(0, budget.held());
        for (int t = 0; t < 4; t++) {
            assertEquals(0, budget.heldBy("owner-" + t));
        }
    }
}
