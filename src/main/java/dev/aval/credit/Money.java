package dev.aval.credit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * BRL arithmetic on {@link BigDecimal} at scale 2. Inputs are validated (at most 2 decimals)
 * before they get here, so {@link #of} never rounds: it fails loudly if asked to. Credit's, and
 * the one eligibility uses for its figures (public for that), so both compute them alike.
 */
public final class Money {

    public static final BigDecimal ZERO = new BigDecimal("0.00");
    public static final BigDecimal CENT = new BigDecimal("0.01");

    private Money() {}

    /** The amount at scale 2; an amount with more decimals is a programming error here. */
    public static BigDecimal of(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    /** A summed amount at scale 2, where SQL's {@code sum} of no rows (null) is 0.00. */
    public static BigDecimal orZero(BigDecimal value) {
        return value == null ? ZERO : value.setScale(2, RoundingMode.UNNECESSARY);
    }

    public static BigDecimal tolerance(BigDecimal tolerance) {
        return tolerance.setScale(4, RoundingMode.UNNECESSARY);
    }

    /** {@code creditLimit × (1 + tolerance)}, truncated to the cent (never grants a fraction of a cent more). */
    public static BigDecimal ceiling(BigDecimal creditLimit, BigDecimal tolerance) {
        return creditLimit.multiply(BigDecimal.ONE.add(tolerance)).setScale(2, RoundingMode.DOWN);
    }

    /** {@code creditLimit − outstanding − reserved}; negative while tolerance is in use. */
    public static BigDecimal available(BigDecimal creditLimit, BigDecimal outstanding, BigDecimal reserved) {
        return of(creditLimit).subtract(outstanding).subtract(reserved);
    }

    /** {@code creditLimit × (1 + tolerance) − outstanding − reserved}. */
    public static BigDecimal availableWithTolerance(
            BigDecimal creditLimit, BigDecimal tolerance, BigDecimal outstanding, BigDecimal reserved) {
        return ceiling(creditLimit, tolerance).subtract(outstanding).subtract(reserved);
    }

    /**
     * Splits an amount into {@code parts} installments in whole cents, the remainder on the last:
     * 100.00 / 3 → 33.33, 33.33, 33.34.
     *
     * @throws IllegalArgumentException when a part would be less than 0.01
     */
    public static List<BigDecimal> split(BigDecimal amount, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1");
        }
        BigDecimal total = of(amount);
        BigDecimal each = total.divide(BigDecimal.valueOf(parts), 2, RoundingMode.DOWN);
        if (each.compareTo(CENT) < 0) {
            throw new IllegalArgumentException("each installment must be at least 0.01");
        }
        List<BigDecimal> result = new ArrayList<>(parts);
        for (int i = 1; i < parts; i++) {
            result.add(each);
        }
        result.add(total.subtract(each.multiply(BigDecimal.valueOf(parts - 1))));
        return result;
    }

    /** "1,234.50" for messages. */
    public static String format(BigDecimal amount) {
        return String.format(java.util.Locale.ROOT, "%,.2f", amount);
    }
}
