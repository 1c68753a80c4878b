package dev.aval.distributor;

import static dev.aval.support.Waits.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.aval.platform.ApiKeyHash;
import dev.aval.support.AvalTest;
import io.smallrye.mutiny.Multi;

/** The key look-ups' memory of unknown keys is bounded: a flood of made-up keys cannot grow the heap. */
@AvalTest
class ApiKeyRepositoryTest {

    @Inject
    ApiKeyRepository keys;

    @Test
    void unknownKeysRememberedNeverExceedTheBound() {
        int sent = ApiKeyRepository.MAX_MISSES + 500;
        Multi.createFrom()
                .range(0, sent)
                .onItem()
                .transformToUni(i -> keys.findActiveKey(ApiKeyHash.of("avk_made_up_" + UUID.randomUUID()))
                        .invoke(caller -> assertNull(caller)))
                .merge(32)
                .collect()
                .last()
                .await()
                .atMost(TIMEOUT.multipliedBy(4));
        long remembered = keys.missesRemembered();
        assertTrue(remembered <= ApiKeyRepository.MAX_MISSES, remembered + " unknown keys remembered");
    }
}
