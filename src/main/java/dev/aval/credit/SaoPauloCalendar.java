package dev.aval.credit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Credit's calendar days (due dates, overdue, statement date filters) are those of São Paulo; the
 * console shows every date and time in it too.
 */
public final class SaoPauloCalendar {

    public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

    private SaoPauloCalendar() {}

    /** The calendar date in São Paulo at {@code now}. */
    static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZONE);
    }
}
