package dev.aval.platform;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * What every input must be before it reaches SQL (api.md "Conventions", bounds), written once:
 * money at most {@value #MAX_AMOUNT_TEXT} with at most 2 decimals, dates and instants within
 * the years 0001–9999 (PostgreSQL's {@code timestamptz} stores neither year 99999 nor 5000 BC,
 * and the Vert.x client cannot even encode year 999999999), text without the NUL character
 * (PostgreSQL's text types cannot hold it). The rest of the platform applies these rules to
 * JSON bodies ({@link StrictBodyFields}, {@link Amount}), path and query parameters
 * ({@link RequestParams}, {@link QueryParams}); features with their own parsing (a status batch,
 * a CSV row, a cursor) call the checks here.
 */
public final class Bounds {

    public static final String MAX_AMOUNT_TEXT = "999999999999.99";
    /** The largest money amount anything accepts: limits, holds, captures, payments, credit notes, carts. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal(MAX_AMOUNT_TEXT);

    public static final String AMOUNT_TOO_LARGE = "must be at most " + MAX_AMOUNT_TEXT;
    public static final String AMOUNT_DECIMALS = "must have at most 2 decimals";

    public static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");
    public static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
    public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);
    public static final String DATE_OUT_OF_RANGE = "must be between the years 0001 and 9999";

    public static final String NUL_MESSAGE = "must not contain the NUL character (\\u0000)";

    private Bounds() {}

    /** Why a money amount is refused ({@link #AMOUNT_DECIMALS}, {@link #AMOUNT_TOO_LARGE}), or null when it is fine. */
    public static String amountViolation(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        // compareTo before stripTrailingZeros: 1e999999999 must not be expanded
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            return AMOUNT_TOO_LARGE;
        }
        if (amount.scale() > 2 && amount.stripTrailingZeros().scale() > 2) {
            return AMOUNT_DECIMALS;
        }
        return null;
    }

    public static boolean inRange(Instant instant) {
        return instant == null || !instant.isBefore(MIN_INSTANT) && !instant.isAfter(MAX_INSTANT);
    }

    public static boolean inRange(LocalDate date) {
        return date == null || !date.isBefore(MIN_DATE) && !date.isAfter(MAX_DATE);
    }

    /** The instant, or a 400 naming {@code field} when it is out of range. */
    public static Instant instant(Instant instant, String field) {
        if (!inRange(instant)) {
            throw ProblemException.validation(field, DATE_OUT_OF_RANGE);
        }
        return instant;
    }

    /** The date, or a 400 naming {@code field} when it is out of range. */
    public static LocalDate date(LocalDate date, String field) {
        if (!inRange(date)) {
            throw ProblemException.validation(field, DATE_OUT_OF_RANGE);
        }
        return date;
    }

    public static boolean hasNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }
}
