package dev.aval.credit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @ParameterizedTest(name = "{0} in {1} → {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "100.00 | 3  | 33.33,33.33,33.34",
                "100.00 | 1  | 100.00",
                "0.03   | 3  | 0.01,0.01,0.01",
                "10.00  | 4  | 2.50,2.50,2.50,2.50",
                "1.00   | 12 | 0.08,0.08,0.08,0.08,0.08,0.08,0.08,0.08,0.08,0.08,0.08,0.12",
                "999.99 | 2  | 499.99,500.00"
            })
    void splitsInCentsWithTheRemainderOnTheLast(String amount, int parts, String expected) {
        List<BigDecimal> split = Money.split(d(amount), parts);
        assertEquals(Arrays.stream(expected.split(",")).map(BigDecimal::new).toList(), split);
        assertEquals(d(amount), split.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    @Test
    void aSplitBelowOneCentPerPartIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Money.split(d("0.02"), 3));
        assertThrows(IllegalArgumentException.class, () -> Money.split(d("1.00"), 0));
    }

    @ParameterizedTest(name = "limit {0} tolerance {1} → ceiling {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1000.00 | 0.1000 | 1100.00",
                "1000.00 | 0      | 1000.00",
                "0.00    | 1      | 0.00",
                "33.33   | 0.3333 | 44.43", // 44.4388… truncated: never a fraction of a cent more
                "100.00  | 1.0000 | 200.00"
            })
    void ceilingIsLimitTimesOnePlusToleranceTruncatedToCents(String limit, String tolerance, String expected) {
        assertEquals(d(expected), Money.ceiling(d(limit), d(tolerance)));
    }

    @Test
    void balancesFollowTheDomainFormulas() {
        assertEquals(d("-100.00"), Money.available(d("1000.00"), d("600.00"), d("500.00")));
        assertEquals(d("0.00"), Money.availableWithTolerance(d("1000.00"), d("0.1000"), d("600.00"), d("500.00")));
    }

    @Test
    void moreThanTwoDecimalsIsNeverRounded() {
        assertThrows(ArithmeticException.class, () -> Money.of(d("1.005")));
        assertEquals("1.50", Money.of(d("1.5")).toPlainString());
    }
}
