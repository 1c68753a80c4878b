package dev.aval.eligibility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.aval.customer.CustomerStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The cache's own rules, without a database: what a change drops, when a read is not kept, the
 * clock, and trust. (Through the service and PostgreSQL: EligibilityCacheTest; two instances:
 * checks/eligibility-two-instances.sh.)
 */
class EligibilityCacheRulesTest {

    private static final String D = "dist-a";
    private static final String OTHER = "dist-b";
    private static final long NOW = 1_000_000L;

    private EligibilityCache cache;

    private static EligibilityConfig config() {
        EligibilityConfig.Cache cache = new EligibilityConfig.Cache() {
            public boolean enabled() {
                return true;
            }

            public long maxEntries() {
                return 1000;
            }

            public long maxBytes() {
                return 1 << 20;
            }

            public Duration beatEvery() {
                return Duration.ofMillis(250);
            }

            public Duration trustFor() {
                return Duration.ofSeconds(1);
            }
        };
        return () -> cache;
    }

    @BeforeEach
    void cache() {
        cache = new EligibilityCache(config(), new SimpleMeterRegistry());
        // what ChangeListener does once it has read where a distributor's events start
        cache.attach(new ChangeListener() {
            @Override
            void follow(String distributorId, EligibilityCache.Tracked tracked) {
                tracked.lastSequence = 0;
            }
        });
        cache.trustUntil(System.nanoTime() + Duration.ofMinutes(1).toNanos());
    }

    private static Reading reading(long changesAt, UUID... accounts) {
        return new Reading(new Snapshot(CustomerStatus.APV, true, true, null), List.of(accounts), changesAt);
    }

    /** Reads as the service does: the ticket before the read, the put after (following first if needed). */
    private Reading kept(String distributor, String document, Reading reading) {
        cache.put(distributor, document, reading, cache.ticket(distributor)); // first read: starts following
        cache.put(distributor, document, reading, cache.ticket(distributor));
        return cache.get(distributor, document, NOW);
    }

    @Test
    void aReadIsKeptOnceTheDistributorIsFollowed() {
        Reading reading = reading(Reading.NEVER);
        assertEquals(-1, cache.ticket(D), "not followed before its first read");
        cache.put(D, "111", reading, -1);
        assertNull(cache.get(D, "111", NOW), "the read that started following is not kept");
        assertSame(reading, kept(D, "111", reading));
    }

    @Test
    void aCustomerChangeDropsItsDocumentOnly() {
        kept(D, "111", reading(Reading.NEVER));
        kept(D, "222", reading(Reading.NEVER));
        cache.changed(D, "customer.status_changed", "111", null, null);
        assertNull(cache.get(D, "111", NOW));
        assertNotNull(cache.get(D, "222", NOW));
    }

    @Test
    void aChangeOfAnAccountDropsEveryDocumentListingIt() {
        UUID open = UUID.randomUUID();
        UUID closed = UUID.randomUUID();
        kept(D, "111", reading(Reading.NEVER, open, closed));
        kept(D, "222", reading(Reading.NEVER, UUID.randomUUID()));
        // an invoice of the closed account (its data names the account): overdue may change
        cache.changed(D, "invoice.paid", UUID.randomUUID().toString(), null, closed.toString());
        assertNull(cache.get(D, "111", NOW));
        assertNotNull(cache.get(D, "222", NOW));
        // credit_account.*: the subject is the account
        kept(D, "111", reading(Reading.NEVER, open));
        cache.changed(D, "credit_account.holder_added", open.toString(), null, null);
        assertNull(cache.get(D, "111", NOW));
    }

    @Test
    void aNewerReadOfTheSameDocumentStaysReachableByItsAccount() {
        UUID account = UUID.randomUUID();
        kept(D, "111", reading(Reading.NEVER, account));
        kept(D, "111", reading(Reading.NEVER, account)); // replaces the first: the index keeps the key
        cache.changed(D, "hold.placed", UUID.randomUUID().toString(), null, account.toString());
        assertNull(cache.get(D, "111", NOW), "the replacing snapshot lost its place in the account index");
    }

    @Test
    void aReadInFlightDuringAChangeIsNotKept() {
        kept(D, "111", reading(Reading.NEVER));
        long ticket = cache.ticket(D);
        cache.changed(D, "customer.status_changed", "111", null, null); // committed while the read ran
        cache.put(D, "111", reading(Reading.NEVER), ticket);
        assertNull(cache.get(D, "111", NOW));
    }

    @Test
    void settingsDropEveryDocumentOfTheirDistributorOnly() {
        kept(D, "111", reading(Reading.NEVER));
        kept(D, "222", reading(Reading.NEVER));
        kept(OTHER, "111", reading(Reading.NEVER));
        cache.changed(D, "distributor.updated", D, null, null);
        assertNull(cache.get(D, "111", NOW));
        assertNull(cache.get(D, "222", NOW));
        assertNotNull(cache.get(OTHER, "111", NOW));
    }

    @Test
    void theClockEndsASnapshotAtItsChangesAt() {
        kept(D, "111", reading(NOW + 10));
        assertNotNull(cache.get(D, "111", NOW + 9));
        assertNull(cache.get(D, "111", NOW + 10), "a hold past its expiresAt, an invoice now overdue");
    }

    @Test
    void anUntrustedCacheAnswersNothing() {
        kept(D, "111", reading(Reading.NEVER));
        cache.distrust();
        assertNull(cache.get(D, "111", NOW));
        cache.trustUntil(System.nanoTime() + Duration.ofSeconds(5).toNanos());
        assertNotNull(cache.get(D, "111", NOW));
    }
}
