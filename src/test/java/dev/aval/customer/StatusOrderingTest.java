package dev.aval.customer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusOrderingTest {

    private static final Instant T = Instant.parse("2026-11-22T10:15:30.123456Z");

    @ParameterizedTest(name = "{0}@{1} then {2}@{3} → {4}")
    @CsvSource({
            "PEN, 0,  APV, 1,  APPLIED",
            "APV, 0,  RPV, 0,  APPLIED",    // equal occurredAt, other status: applied
            "APV, 0,  APV, 0,  UNCHANGED",
            "APV, 0,  APV, 5,  UNCHANGED",
            "APV, 5,  RPV, 4,  STALE",      // a late retry never undoes a newer decision
            "APV, 5,  APV, 4,  STALE",
            "RPV, 0,  APV, 1,  APPLIED",
    })
    void ordering(CustomerStatus current, long currentMicros, CustomerStatus next, long nextMicros, Outcome expected) {
        assertEquals(expected, StatusOrdering.decide(current, T.plusNanos(currentMicros * 1000), next,
                T.plusNanos(nextMicros * 1000)));
    }

    @ParameterizedTest
    @CsvSource({ "APV, 1, APV" })
    void unchangedAdvancesOccurredAtSoAnOlderChangeStaysStale(CustomerStatus status, long laterMicros, CustomerStatus same) {
        Customer c = new Customer();
        c.status = status;
        c.statusOccurredAt = T;
        Instant later = T.plusNanos(laterMicros * 1000);
        assertEquals(Outcome.UNCHANGED, c.changeStatus(same, null, later, later));
        assertEquals(later, c.statusOccurredAt);
        assertEquals(Outcome.STALE, c.changeStatus(CustomerStatus.RPV, null, T, later));
        assertEquals(status, c.status);
    }

    @ParameterizedTest(name = "registered PEN then {0} decided earlier → {1}")
    @CsvSource({ "APV, APPLIED", "RPV, APPLIED", "PEN, UNCHANGED" })
    void nothingIsStaleAgainstARegistration(CustomerStatus decision, Outcome expected) {
        Customer c = new Customer();
        c.status = CustomerStatus.PEN;
        c.statusOccurredAt = T;
        c.statusDecided = false;
        Instant earlier = T.minusSeconds(3600);
        assertEquals(expected, c.changeStatus(decision, null, earlier, T));
        assertEquals(decision, c.status);
        assertEquals(earlier, c.statusOccurredAt);
        assertEquals(true, c.statusDecided);
        assertEquals(Outcome.STALE, c.changeStatus(CustomerStatus.RPV == decision ? CustomerStatus.APV : CustomerStatus.RPV,
                null, earlier.minusSeconds(1), T));
    }
}
