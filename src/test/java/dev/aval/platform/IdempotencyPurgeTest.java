package dev.aval.platform;

import static dev.aval.support.Waits.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import dev.aval.support.Sql;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Keys are kept for the retention (24 h) and then purged by the scheduled job. */
@AvalTest
class IdempotencyPurgeTest {

    private static final String INSERT = """
            insert into idempotency_key (distributor_id, method, path, idem_key, request_hash, status, body, created_at)
            values ($1, 'POST', '/p', $2, 'h', 201, '{}', now() - $3 * interval '1 hour')
            """;

    @Inject
    Pool pool;

    @Inject
    Idempotency idempotency;

    private long count(String distributorId) {
        return Sql.count(pool, "select count(*) from idempotency_key where distributor_id = $1", distributorId);
    }

    @Test
    void keysOlderThanTheRetentionArePurgedAndYoungerOnesKept() {
        String d = Api.newDistributor();
        pool.preparedQuery(INSERT)
                .execute(Tuple.of(d, "old-" + UUID.randomUUID(), 25))
                .await()
                .atMost(TIMEOUT);
        pool.preparedQuery(INSERT)
                .execute(Tuple.of(d, "young-" + UUID.randomUUID(), 23))
                .await()
                .atMost(TIMEOUT);
        assertEquals(2, count(d));
        idempotency.purge().await().atMost(TIMEOUT);
        assertEquals(1, count(d));
        assertEquals(
                1L,
                Sql.count(
                        pool,
                        "select count(*) from idempotency_key where distributor_id = $1 and idem_key like 'young-%'",
                        d));
    }
}
