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
        "APV, 0,  RPV, 0,  APPLIED", // equal occurredAt, other status: applied
        "APV, 0,  APV, 0,  UNCHANGED",
        "APV, 0,  APV, 5,  UNCHANGED",
        "APV, 5,  RPV, 4,  STALE", // a late retry never undoes a newer decision
        "APV, 5,  APV, 4,  STALE",
        "RPV, 0,  APV, 1,  APPLIED",
    })
    void ordering(CustomerStatus current, long currentMicros, CustomerStatus next, long nextMicros, Outcome expected) {
        assertEquals(
                expected,
                StatusOrdering.decide(
                        current, T.plusNanos(currentMicros * 1000), next, T.plusNanos(nextMicros * 1000)));
    }

    @ParameterizedTest
    @CsvSource({"APV, 1, APV"})
    void unchangedAdvancesOccurredAtSoAnOlderChangeStaysStale(
            CustomerStatus status, long laterMicros, CustomerStatus same) {
        Customer c = customer(status, true);
        Instant later = T.plusNanos(laterMicros * 1000);
        Customer.Change unchanged = c.changeStatus(same, null, later, later);
        assertEquals(Outcome.UNCHANGED, unchanged.outcome());
        assertEquals(later, unchanged.after().statusOccurredAt());
        Customer.Change stale = unchanged.after().changeStatus(CustomerStatus.RPV, null, T, later);
        assertEquals(Outcome.STALE, stale.outcome());
        assertEquals(status, stale.after().status());
    }

    @ParameterizedTest(name = "registered PEN then {0} decided earlier → {1}")
    @CsvSource({"APV, APPLIED", "RPV, APPLIED", "PEN, UNCHANGED"})
    void nothingIsStaleAgainstARegistration(CustomerStatus decision, Outcome expected) {
        Customer c = customer(CustomerStatus.PEN, false);
        Instant earlier = T.minusSeconds(3600);
        Customer.Change change = c.changeStatus(decision, null, earlier, T);
        assertEquals(expected, change.outcome());
        Customer after = change.after();
        assertEquals(decision, after.status());
        assertEquals(earlier, after.statusOccurredAt());
        assertEquals(true, after.statusDecided());
        assertEquals(
                Outcome.STALE,
                after.changeStatus(
                                CustomerStatus.RPV == decision ? CustomerStatus.APV : CustomerStatus.RPV,
                                null,
                                earlier.minusSeconds(1),
                                T)
                        .outcome());
    }

    private static Customer customer(CustomerStatus status, boolean decided) {
        return new Customer(
                java.util.UUID.randomUUID(),
                "12345678909",
                dev.aval.platform.DocumentType.CPF,
                status,
                null,
                T,
                decided,
                T,
                T);
    }
}
