package dev.aval.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.quarkus.qute.TemplateExtension;

/**
 * How the console shows values, the Brazilian way (console.md): money {@code R$ 1.234,56},
 * tolerance as a percentage, documents with their punctuation, times in São Paulo.
 */
@TemplateExtension(namespace = "fmt")
public final class Formats {

    static final ZoneId SAO_PAULO = dev.aval.credit.SaoPauloCalendar.ZONE;
    private static final DecimalFormatSymbols BR = DecimalFormatSymbols.getInstance(Locale.forLanguageTag("pt-BR"));
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");

    private Formats() {}

    /** {@code R$ 1.234,56}; negative as {@code -R$ 10,00}. */
    public static String brl(BigDecimal amount) {
        if (amount == null) {
            return "—";
        }
        String digits = number(amount.abs(), "#,##0.00");
        return (amount.signum() < 0 ? "-R$ " : "R$ ") + digits;
    }

    /** A change of a balance: {@code +R$ 1.234,56}, {@code -R$ 10,00}, {@code R$ 0,00}. */
    public static String brlChange(BigDecimal amount) {
        return amount != null && amount.signum() > 0 ? "+" + brl(amount) : brl(amount);
    }

    /** {@code 1.234,56}, for form fields. */
    public static String decimal(BigDecimal amount) {
        return amount == null ? "" : number(amount, "#,##0.00");
    }

    /** A fraction as a percentage: {@code 0.1000} → {@code 10%}, {@code 0.125} → {@code 12,5%}. */
    public static String percent(BigDecimal fraction) {
        if (fraction == null) {
            return "—";
        }
        return number(fraction.movePointRight(2), "#,##0.##") + "%";
    }

    /** A fraction as the number typed in the form: {@code 0.1000} → {@code 10}. */
    public static String percentValue(BigDecimal fraction) {
        return fraction == null ? "" : number(fraction.movePointRight(2), "0.##");
    }

    /**
     * As {@link #doc(String)} for a CPF or CNPJ; a foreign ({@code OTHER}) document as it was sent,
     * since its length says nothing of its shape.
     */
    public static String docAs(String document, dev.aval.platform.DocumentType type) {
        return type == dev.aval.platform.DocumentType.OTHER ? document : doc(document);
    }

    /** CPF {@code 123.456.789-09}, CNPJ {@code 12.345.678/0001-95} (also alphanumeric), others as they are. */
    public static String doc(String document) {
        if (document == null) {
            return "";
        }
        if (!document.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')) {
            return document; // not normalised (a row as typed in a file): shown as it is
        }
        if (document.length() == 11 && document.chars().allMatch(Character::isDigit)) {
            return document.substring(0, 3) + "." + document.substring(3, 6) + "." + document.substring(6, 9) + "-"
                    + document.substring(9);
        }
        if (document.length() == 14) {
            return document.substring(0, 2) + "." + document.substring(2, 5) + "." + document.substring(5, 8) + "/"
                    + document.substring(8, 12) + "-" + document.substring(12);
        }
        return document;
    }

    public static String date(LocalDate date) {
        return date == null ? "—" : DATE.format(date);
    }

    /** An API message (a row's error, a refusal's detail) in the page's language: {@code fmt:api(m)}. */
    public static String api(String message) {
        return FormInput.inPagesLanguage(message);
    }

    public static String dateTime(Instant instant) {
        return instant == null ? "—" : DATE_TIME.format(instant.atZone(SAO_PAULO));
    }

    /**
     * A fresh key for one rendering of a form that moves money: a second click or a resent form
     * reuses it, so the payment happens once (the API's Idempotency-Key, on the console's path).
     */
    public static String onceKey() {
        return java.util.UUID.randomUUID().toString();
    }

    public static String urlEncode(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Width of a bar segment, a percentage of {@code whole} clamped to 0–100, CSS-ready. */
    public static String share(BigDecimal part, BigDecimal whole) {
        if (part == null || whole == null || whole.signum() <= 0 || part.signum() <= 0) {
            return "0";
        }
        BigDecimal pct = part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, RoundingMode.HALF_UP);
        return pct.min(BigDecimal.valueOf(100)).toPlainString();
    }

    private static String number(BigDecimal value, String pattern) {
        DecimalFormat format = new DecimalFormat(pattern, BR);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }
}
