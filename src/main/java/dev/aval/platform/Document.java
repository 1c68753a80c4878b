package dev.aval.platform;

import java.util.regex.Pattern;

/**
 * A normalised, validated customer document (CPF, CNPJ — numeric or alphanumeric — or OTHER).
 * Normalisation strips {@code . - /} and spaces and upper-cases; validation happens once, here.
 */
public record Document(DocumentType type, String value) {

    private static final Pattern OTHER = Pattern.compile("[0-9A-Z]{1,32}");
    private static final Pattern CNPJ_BASE = Pattern.compile("[0-9A-Z]{12}[0-9]{2}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    public static final String BLANK = "must not be blank";

    /** Without a type, a text neither 11 nor 14 characters long. */
    public static final String NEITHER =
            "must be a CPF (11 digits) or a CNPJ (14 characters), or send documentType OTHER";

    /** A CPF or CNPJ of the right shape whose check digits do not match. */
    public static final String CPF_INVALID = "is not a valid CPF";

    public static final String CNPJ_INVALID = "is not a valid CNPJ";

    public static final String OTHER_SHAPE = "must be 1 to 32 characters [0-9A-Z]";

    /** The refusal of a CPF of the wrong length or with letters: its check digits are not the point. */
    public static final String CPF_SHAPE = "must be a CPF of 11 digits";

    /** The refusal of a CNPJ of the wrong length or characters. */
    public static final String CNPJ_SHAPE =
            "must be a CNPJ of 14 characters: 12 letters or digits, then 2 check digits";

    /**
     * Parses a raw document. {@code type} may be null: 11 characters mean CPF, 14 CNPJ.
     *
     * @throws ProblemException 400 VALIDATION_FAILED on the field {@code document}
     */
    public static Document parse(DocumentType type, String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.validation("document", BLANK);
        }
        String value = normalise(raw);
        DocumentType effective = type != null ? type : infer(value);
        switch (effective) {
            case CPF -> {
                if (value.length() != 11 || !DIGITS.matcher(value).matches()) {
                    throw ProblemException.validation("document", CPF_SHAPE);
                }
                if (!isValidCpf(value)) {
                    throw ProblemException.validation("document", CPF_INVALID);
                }
            }
            case CNPJ -> {
                if (!CNPJ_BASE.matcher(value).matches()) {
                    throw ProblemException.validation("document", CNPJ_SHAPE);
                }
                if (!isValidCnpj(value)) {
                    throw ProblemException.validation("document", CNPJ_INVALID);
                }
            }
            case OTHER -> {
                if (!OTHER.matcher(value).matches()) {
                    throw ProblemException.validation("document", OTHER_SHAPE);
                }
            }
        }
        return new Document(effective, value);
    }

    public static String normalise(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '.' && c != '-' && c != '/' && !Character.isWhitespace(c)) {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    private static DocumentType infer(String value) {
        return switch (value.length()) {
            case 11 -> DocumentType.CPF;
            case 14 -> DocumentType.CNPJ;
            default -> throw ProblemException.validation("document", NEITHER);
        };
    }

    /** The valid CPF whose first nine digits are {@code base} (0 to 999,999,999), check digits added. */
    public static String cpf(long base) {
        if (base < 0 || base > 999_999_999L) {
            throw new IllegalArgumentException("a CPF has nine digits before its check digits");
        }
        String nine = String.format("%09d", base);
        String ten = nine + checkDigit(nine, 9, 10);
        return ten + checkDigit(ten, 10, 11);
    }

    static boolean isValidCpf(String v) {
        if (v.length() != 11 || !DIGITS.matcher(v).matches() || allSame(v)) {
            return false;
        }
        return v.charAt(9) - '0' == checkDigit(v, 9, 10) && v.charAt(10) - '0' == checkDigit(v, 10, 11);
    }

    /** CPF check digit over the first {@code length} digits, weights from {@code firstWeight} down to 2. */
    private static int checkDigit(String v, int length, int firstWeight) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (v.charAt(i) - '0') * (firstWeight - i);
        }
        int rest = sum % 11;
        return rest < 2 ? 0 : 11 - rest;
    }

    static boolean isValidCnpj(String v) {
        if (v.length() != 14 || !CNPJ_BASE.matcher(v).matches() || allSame(v)) {
            return false;
        }
        return v.charAt(12) - '0' == cnpjDigit(v, 12) && v.charAt(13) - '0' == cnpjDigit(v, 13);
    }

    /** CNPJ check digit: each character's value is its ASCII code − 48; weights 2..9 from the right. */
    private static int cnpjDigit(String v, int length) {
        int sum = 0;
        int weight = 2;
        for (int i = length - 1; i >= 0; i--) {
            sum += (v.charAt(i) - 48) * weight;
            weight = weight == 9 ? 2 : weight + 1;
        }
        int rest = sum % 11;
        return rest < 2 ? 0 : 11 - rest;
    }

    private static boolean allSame(String v) {
        for (int i = 1; i < v.length(); i++) {
            if (v.charAt(i) != v.charAt(0)) {
                return false;
            }
        }
        return true;
    }

    /** The document for logs: never the whole number. */
    public String masked() {
        return mask(value);
    }

    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        int keep = Math.min(3, value.length() / 3);
        return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
    }

    @Override
    public String toString() {
        return type + ":" + masked();
    }
}
