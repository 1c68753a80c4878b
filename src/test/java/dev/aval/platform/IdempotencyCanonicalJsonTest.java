package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/** "Same body" means equal parsed JSON: key order, number spelling and nulls do not matter. */
class IdempotencyCanonicalJsonTest {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static String canonical(String json) throws Exception {
        StringBuilder out = new StringBuilder();
        Idempotency.canonical(MAPPER.readTree(json), out);
        return out.toString();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\":1,\"b\":\"x\"}         | {\"b\":\"x\",\"a\":1}",
                "{\"amount\":10.0}             | {\"amount\":10.00}",
                "{\"amount\":10}               | {\"amount\":1E+1}",
                "{\"a\":null,\"b\":[1,2]}      | {\"b\":[1,2]}",
                "{\"a\":0.00}                  | {\"a\":0}"
            })
    void equalJsonIsEqual(String left, String right) throws Exception {
        assertEquals(canonical(left), canonical(right));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"amount\":10.01}            | {\"amount\":10.1}",
                "{\"b\":[1,2]}                 | {\"b\":[2,1]}",
                "{\"s\":\"1\"}                 | {\"s\":1}",
                "{\"s\":\"a\\\"b\"}            | {\"s\":\"ab\"}"
            })
    void differentJsonDiffers(String left, String right) throws Exception {
        assertNotEquals(canonical(left), canonical(right));
    }
}
