package dev.aval.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Amounts as analysts type them: read exactly, or refused; never misread. */
class FormInputTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "1.234,56|1234.56",
                "1234,56|1234.56",
                "1.500|1500",
                "1.500.000|1500000",
                "12,5|12.5",
                "0,1|0.1",
                "100|100",
                "R$ 1.400,00|1400.00",
                "1500.00|1500.00",
                "1,400.00|1400.00",
                "10,000.00|10000.00",
                "1,000,000|1000000",
                "-5|-5",
                "0.500|0.500",
                "0,5|0.5",
                "1.000,5|1000.5",
            })
    void readsBothWaysOfWritingAnAmount(String typed, String amount) {
        assertEquals(new BigDecimal(amount), FormInput.money(typed));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.40,0",
                "1.234.56",
                "1,40.00",
                "12,34,56",
                "1e5",
                ".5",
                "mil reais",
                "1.5000,00",
                "--1",
                "1,000",
                "2,500",
                "10,000",
                "0.500.000"
            })
    void refusesWhatFitsNeitherOrBoth(String typed) {
        assertThrows(NumberFormatException.class, () -> FormInput.money(typed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void blankIsNoAmount(String typed) {
        assertNull(FormInput.money(typed));
    }

    @org.junit.jupiter.api.Test
    void aPercentageIsTheFractionTheApiTakes() {
        assertEquals(new BigDecimal("0.125"), FormInput.percent("12,5%"));
    }
}
