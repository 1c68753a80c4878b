package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One text, three readings: where an amount was written decides what its separators mean. A blank
 * reading means "not an amount" (refused, never guessed).
 */
class AmountsTest {

    @ParameterizedTest(name = "{0}: typed {1}, ; file {2}, , file {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1.500       | 1500    | 1500    | 1.500",
                "1,000       |         | 1.000   |",
                "1.234,56    | 1234.56 | 1234.56 |",
                "1,234.56    | 1234.56 |         |",
                "R$ 1.500,00 | 1500.00 |         |",
                "0.125       | 0.125   | 0.125   | 0.125",
                "+10         |         | 10      | 10",
                "-3,5        | -3.5    | -3.5    |",
                "1e5         |         |         |",
                "1.40,0      |         |         |",
                "1234567890123456789012345 | | |"
            })
    void whereItWasWrittenDecidesWhatTheSeparatorsMean(String text, String typed, String semicolon, String comma) {
        assertEquals(amount(typed), Amounts.parse(text, Amounts.Convention.TYPED), "typed");
        assertEquals(amount(semicolon), Amounts.parse(text, Amounts.Convention.DECIMAL_COMMA), "; file");
        assertEquals(amount(comma), Amounts.parse(text, Amounts.Convention.DECIMAL_POINT), ", file");
    }

    private static BigDecimal amount(String text) {
        return text == null ? null : new BigDecimal(text);
    }
}
