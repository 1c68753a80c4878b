package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsAreVersion7AndStrictlyIncreasingAsPostgreSQLComparesThem() {
        UUID previous = Ids.newId();
        for (int i = 0; i < 200_000; i++) { // far more than 4,096 per millisecond
            UUID id = Ids.newId();
            assertEquals(7, id.version());
            assertEquals(2, id.variant());
            int order = Long.compareUnsigned(id.getMostSignificantBits(), previous.getMostSignificantBits());
            assertTrue(order > 0, previous + " then " + id);
            previous = id;
        }
    }

    @Test
    void theTimestampIsTheCurrentMillisecond() {
        long before = System.currentTimeMillis();
        long millis = Ids.newId().getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= System.currentTimeMillis() + 1_000, "timestamp " + millis);
    }
}
