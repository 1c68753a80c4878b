package dev.aval.imports;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import dev.aval.credit.AccountImportWriter;
import dev.aval.credit.OpenAccountRequest;
import dev.aval.imports.CsvFile.Column;
import dev.aval.platform.Bounds;
import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.Problem.FieldError;
import dev.aval.platform.ProblemException;

/**
 * Validates one CSV record the way the API validates a request: document check digits,
 * email, amounts ≥ 0 with at most 2 decimals, tolerance 0–1 with at most 4 decimals. Bad
 * rows never reach SQL. With {@code ;} as delimiter numbers may use a decimal comma
 * ({@code 1.234,56}).
 */
final class RowValidator {

    private static final Pattern PLAIN = Pattern.compile("[+-]?\\d+(\\.\\d+)?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?(\\d{1,3}(\\.\\d{3})+|\\d+)(,\\d+)?");
    private static final Pattern THOUSANDS_ONLY = Pattern.compile("[+-]?[1-9]\\d{0,2}(\\.\\d{3})+");

    private final Map<Column, Integer> columns;
    private final boolean decimalComma;
    private final int headerSize;
    private final Validator validator;

    RowValidator(CsvFile.Shape shape, Validator validator) {
        this.columns = shape.columns();
        this.decimalComma = shape.delimiter() == ';';
        this.headerSize = shape.header().size();
        this.validator = validator;
    }

    /** Either a valid row or the record's errors (every invalid field, in column order). */
    RowCheck validate(CsvFile.Record record) {
        List<FieldError> errors = new ArrayList<>();
        String rawType = value(record, Column.DOCUMENT_TYPE);
        DocumentType type = null;
        if (!rawType.isEmpty()) {
            try {
                type = DocumentType.valueOf(rawType.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("documentType", "must be one of " + Arrays.toString(DocumentType.values())));
            }
        }
        String rawDocument = value(record, Column.DOCUMENT);
        Document document = null;
        if (type != null || rawType.isEmpty()) {
            try {
                document = Document.parse(type, rawDocument);
            } catch (ProblemException e) {
                errors.addAll(e.toProblem().errors());
            }
        }
        String email = value(record, Column.EMAIL);
        if (email.isEmpty()) {
            errors.add(new FieldError("email", "must not be blank"));
        } else {
            // the very constraints of the API's request (not a copy): a row is refused exactly when the API would
            validator.validateValue(OpenAccountRequest.class, "email", email).stream()
                    .map(ConstraintViolation::getMessage).sorted()
                    .forEach(message -> errors.add(new FieldError("email", message)));
        }
        BigDecimal creditLimit = amount(value(record, Column.CREDIT_LIMIT), "creditLimit", 2, Bounds.MAX_AMOUNT, errors, true);
        BigDecimal tolerance = amount(value(record, Column.TOLERANCE), "tolerance", 4, BigDecimal.ONE, errors, false);
        for (int i = headerSize; i < record.values().size(); i++) {
            if (!record.values().get(i).isBlank()) {
                errors.add(new FieldError("record", "has more values than the header has columns"));
                break;
            }
        }
        if (!errors.isEmpty()) {
            String shown = document != null ? document.value() : rawDocument;
            return new RowCheck.Invalid(record.line(), shown.length() > 200 ? shown.substring(0, 200) : shown, document != null,
                    errors);
        }
        return new RowCheck.Valid(new AccountImportWriter.Row(record.line(), document.type(), type != null,
                document.value(), email, creditLimit, tolerance));
    }

    private String value(CsvFile.Record record, Column column) {
        Integer index = columns.get(column);
        if (index == null || index >= record.values().size()) {
            return "";
        }
        return SpreadsheetCells.uploaded(record.values().get(index).strip());
    }

    /** Parses an amount exactly (never rounding); null when blank and optional. */
    private BigDecimal amount(String raw, String field, int decimals, BigDecimal max, List<FieldError> errors,
            boolean required) {
        if (raw.isEmpty()) {
            if (required) {
                errors.add(new FieldError(field, "must not be blank"));
            }
            return null;
        }
        BigDecimal value = parseNumber(raw, decimalComma);
        if (value == null) {
            errors.add(new FieldError(field, "must be a number" + (decimalComma ? " (e.g. 1.234,56)" : " (e.g. 1234.56)")));
            return null;
        }
        if (value.signum() < 0) {
            errors.add(new FieldError(field, "must be greater than or equal to 0"));
            return null;
        }
        if (max != null && value.compareTo(max) > 0) {
            errors.add(new FieldError(field, "must be less than or equal to " + max));
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > decimals) {
            errors.add(new FieldError(field, "must have at most " + decimals + " decimals"));
            return null;
        }
        if (stripped.precision() - stripped.scale() > 17) {
            errors.add(new FieldError(field, "numeric value out of bounds (<17 digits>.<" + decimals + " digits> expected)"));
            return null;
        }
        return value;
    }

    /**
     * {@code 1234.56} always; with a {@code ;} file also {@code 1.234,56}, {@code 1234,56} and
     * {@code 1.234} (thousands). A dot without comma in a {@code ;} file is a decimal point
     * unless it groups thousands ({@code 0.125} stays 0.125).
     */
    static BigDecimal parseNumber(String raw, boolean decimalComma) {
        String s = raw.replace(" ", "").replace("\u00a0", "");
        if (decimalComma && s.indexOf(',') >= 0) {
            if (!DECIMAL_COMMA.matcher(s).matches()) {
                return null;
            }
            s = s.replace(".", "").replace(',', '.');
        } else if (decimalComma && THOUSANDS_ONLY.matcher(s).matches()) {
            s = s.replace(".", "");
        }
        if (!PLAIN.matcher(s).matches()) {
            return null;
        }
        return new BigDecimal(s);
    }
}
