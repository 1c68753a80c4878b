package dev.aval.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Query parameters converted in one place: a value that does not convert, or a date outside
 * {@link Bounds}, is a 400 VALIDATION_FAILED naming the parameter (not JAX-RS's 404, nor
 * PostgreSQL's error), and an enum's allowed values in the message are the enum's own constants. An absent or blank parameter is null, unless required.
 * Resources take {@code @QueryParam String} and call these (the console parses its own forms).
 */
public final class QueryParams {

    private QueryParams() {}

    /** One of {@code type}'s constants, exactly as written; null when absent. */
    public static <E extends Enum<E>> E enumOf(Class<E> type, String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.trim());
        } catch (IllegalArgumentException e) {
            throw notOneOf(type, name);
        }
    }

    /** As {@link #enumOf}, but absence is refused too. */
    public static <E extends Enum<E>> E requiredEnumOf(Class<E> type, String raw, String name) {
        E value = enumOf(type, raw, name);
        if (value == null) {
            throw notOneOf(type, name);
        }
        return value;
    }

    /** {@code true} or {@code false} in any case; null when absent. */
    public static Boolean bool(String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.validation(name, "must be true or false");
        };
    }

    /** An ISO-8601 date ({@code 2026-12-22}); null when absent. */
    public static LocalDate date(String raw, String name) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(name, "must be an ISO-8601 date (2026-12-22)");
        }
        return Bounds.date(date, name);
    }

    /**
     * An ISO-8601 instant with its offset ({@code 2026-11-22T10:15:30Z}), or a date meaning its
     * midnight in {@code zone}; null when absent.
     */
    public static Instant instantOrDate(String raw, String name, ZoneId zone) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = raw.indexOf('T') < 0
                    ? LocalDate.parse(raw).atStartOfDay(zone).toInstant()
                    : OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.validation(
                    name, "must be an ISO-8601 instant (2026-11-22T10:15:30Z) or date (2026-11-22)");
        }
        return Bounds.instant(instant, name);
    }

    private static ProblemException notOneOf(Class<? extends Enum<?>> type, String name) {
        return ProblemException.validation(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
    }
}
