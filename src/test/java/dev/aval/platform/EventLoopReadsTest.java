package dev.aval.platform;

import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.aval.support.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/** The event-loop connections follow the pool's options and its idle/lifetime rules. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class EventLoopReadsTest {

    @Inject
    PoolCreator poolCreator;
    @Inject
    Pool pool;

    private Set<Integer> eventLoopBackends() {
        Set<Integer> pids = new HashSet<>();
        for (Row row : pool.query("select pid from pg_stat_activity where application_name = 'aval-event-loop'")
                .execute().await().indefinitely()) {
            pids.add(row.getInteger("pid"));
        }
        return pids;
    }

    private static void eligibility(String d, String key) {
        as(key).body(Map.of("document", newCpf(), "cartTotal", 1)).post("/v1/distributors/" + d + "/eligibility")
                .then().statusCode(200);
    }

    @Test
    void theConnectionsUseThePoolsOptionsAndLimits() {
        assertEquals("aval-event-loop", poolCreator.connectOptions().getProperties().get("application_name"));
        // application.properties: quarkus.datasource.reactive.idle-timeout=PT5M, max-lifetime=PT30M
        assertEquals(TimeUnit.MINUTES.toNanos(5), poolCreator.lifetime().idleNanos());
        assertEquals(TimeUnit.MINUTES.toNanos(30), poolCreator.lifetime().lifetimeNanos());
    }

    @Test
    void anExpiredConnectionIsReplacedAndClosed() throws InterruptedException {
        String d = newDistributor();
        String key = key(d, "CHECKOUT");
        for (int i = 0; i < 8; i++) {
            eligibility(d, key);
        }
        Set<Integer> before = eventLoopBackends();
        assertFalse(before.isEmpty());
        ConnectionLifetime configured = poolCreator.lifetime;
        try {
            poolCreator.lifetime = new ConnectionLifetime(0, 1); // every connection is past its lifetime
            for (int i = 0; i < 8; i++) {
                eligibility(d, key);
            }
        } finally {
            poolCreator.lifetime = configured;
        }
        eligibility(d, key);
        Set<Integer> after = eventLoopBackends();
        for (int i = 0; i < 50 && !java.util.Collections.disjoint(before, after); i++) {
            Thread.sleep(100); // a closed connection's backend leaves pg_stat_activity a moment later
            after = eventLoopBackends();
        }
        assertTrue(java.util.Collections.disjoint(before, after), "old connections still open: " + before + " / " + after);
        assertTrue(after.size() <= before.size() + 1, "connections leaked: " + after);
    }
}
