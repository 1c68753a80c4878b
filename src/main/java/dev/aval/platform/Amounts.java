package dev.aval.platform;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Amounts written by people, read exactly or not at all — never rounded, never guessed: a misread
 * amount is a wrong payment or a wrong limit. Where the text comes from decides how a separator is
 * read ({@link Convention}); nothing longer than {@value #MAX_LENGTH} characters is ever parsed (a
 * {@code BigDecimal} of millions of digits takes quadratic time). The bounds (at most 2 decimals,
 * 999999999999.99) are the API's constraints, checked after.
 */
public final class Amounts {

    /** api.md "Imports": a number longer than this is never parsed. */
    public static final int MAX_LENGTH = 24;

    /** How the text writes its decimals. */
    public enum Convention {
        /**
         * Typed in a console form: pt-BR ({@code 1.234,56}, {@code 1234,56}, {@code 1.234}) or English
         * ({@code 1234.56}, {@code 1,234.56}) — copied from either kind of sheet — with {@code R$} and
         * spaces ignored; what fits both groupings ({@code 1,000}: a thousand, or one to three
         * decimals) or neither ({@code 1.40,0}) is refused.
         */
        TYPED,
        /**
         * A {@code ;} file (a pt-BR spreadsheet): {@code 1.234,56}, {@code 1234,56}, {@code 1.234}
         * (thousands), or a plain {@code 1234.56}; a dot without a comma is a decimal point unless it
         * groups thousands ({@code 0.125} stays 0.125).
         */
        DECIMAL_COMMA,
        /** A {@code ,} file: {@code 1234.56} only. */
        DECIMAL_POINT
    }

    /** TYPED, pt-BR: dots only between groups of three after a first group that is not 0 (0.500 is a half). */
    private static final Pattern BRAZILIAN = Pattern.compile("(\\d+|[1-9]\\d{0,2}(\\.\\d{3})+)(,\\d+)?");
    /** TYPED: 1,000 or 2,500 — a thousand in an English sheet, one with three decimals in a Brazilian one. */
    private static final Pattern AMBIGUOUS = Pattern.compile("[1-9]\\d{0,2},\\d{3}");
    /** TYPED, English: commas only between groups of three (two or more, or before a decimal point). */
    private static final Pattern ENGLISH =
            Pattern.compile("\\d+\\.\\d+|\\d{1,3}(,\\d{3})+\\.\\d+|\\d{1,3}(,\\d{3}){2,}");

    /** Files: what BigDecimal reads as it is. */
    private static final Pattern PLAIN = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?(\\d{1,3}(\\.\\d{3})+|\\d+)(,\\d+)?");
    private static final Pattern THOUSANDS_ONLY = Pattern.compile("[+-]?[1-9]\\d{0,2}(\\.\\d{3})+");

    private Amounts() {}

    /** The amount the text writes in the convention, or null when it writes none (or is too long to read). */
    public static BigDecimal parse(String text, Convention convention) {
        if (text == null) {
            return null;
        }
        return convention == Convention.TYPED ? typed(text) : file(text, convention == Convention.DECIMAL_COMMA);
    }

    private static BigDecimal typed(String text) {
        String s = text.replace("R$", "").replace("\u00a0", "").replace(" ", "").strip();
        if (s.length() > MAX_LENGTH) {
            return null;
        }
        String sign = s.startsWith("-") ? "-" : "";
        String digits = sign.isEmpty() ? s : s.substring(1);
        if (AMBIGUOUS.matcher(digits).matches()) {
            return null;
        }
        if (BRAZILIAN.matcher(digits).matches()) {
            return new BigDecimal(sign + digits.replace(".", "").replace(',', '.'));
        }
        if (ENGLISH.matcher(digits).matches()) {
            return new BigDecimal(sign + digits.replace(",", ""));
        }
        return null;
    }

    private static BigDecimal file(String text, boolean decimalComma) {
        if (text.length() > MAX_LENGTH) {
            return null;
        }
        String s = text.replace(" ", "").replace("\u00a0", "");
        if (decimalComma && s.indexOf(',') >= 0) {
            if (!DECIMAL_COMMA.matcher(s).matches()) {
                return null;
            }
            s = s.replace(".", "").replace(',', '.');
        } else if (decimalComma && THOUSANDS_ONLY.matcher(s).matches()) {
            s = s.replace(".", "");
        }
        return PLAIN.matcher(s).matches() ? new BigDecimal(s) : null;
    }
}
