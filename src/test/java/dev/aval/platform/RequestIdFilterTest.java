package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc-123", "0195f1f0-7c1e-7a3b-9d2e-1234567890ab", "trace:span.1_x"})
    void aSaneCallerIdIsKept(String offered) {
        assertEquals(offered, RequestIdFilter.accept(offered));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "has space",
                "line\nbreak",
                "{\"json\":1}",
                "ação",
                "12345678901234567890123456789012345678901234567890123456789012345"
            })
    void anUnsafeOrMissingIdIsReplacedByAFreshUuid(String offered) {
        String id = RequestIdFilter.accept(offered);
        assertNotEquals(offered, id);
        assertEquals(7, UUID.fromString(id).version());
    }
}
