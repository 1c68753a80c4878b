package dev.aval.imports;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import dev.aval.credit.AccountImportWriter;
import dev.aval.credit.OpenAccountRequest;
import dev.aval.imports.CsvFile.Column;
import dev.aval.platform.Amounts;
import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.Problem.FieldError;
import dev.aval.platform.ProblemException;

/**
 * Validates one CSV record with the API's own constraints ({@link OpenAccountRequest}): document
 * check digits, email, amounts ≥ 0 with at most 2 decimals, tolerance 0–1 with at most 4
 * decimals — refused with the API's words. Bad rows never reach SQL. With {@code ;} as delimiter numbers may use a decimal comma
 * ({@code 1.234,56}); a tolerance may also be written as a percentage ({@code 10%} = 0.1), as a
 * sheet whose column is formatted so exports it.
 * <p>
 * What a cell may cost is bounded before anything looks inside it (api.md "Imports"): a cell
 * longer than {@value #MAX_CELL} characters is a row error and is not validated further, and a
 * number longer than {@value #MAX_NUMBER} characters is refused without being parsed (a
 * {@code BigDecimal} of millions of digits takes quadratic time).
 */
final class RowValidator {

    /** api.md "Imports": a cell longer than this is a row error. */
    static final int MAX_CELL = 320;
    /** api.md "Imports": a number longer than this is never parsed. */
    static final int MAX_NUMBER = Amounts.MAX_LENGTH;

    static final String CELL_TOO_LONG = "is longer than " + MAX_CELL + " characters";

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
        // a cell over the limit is reported and not looked into any further
        Set<Column> tooLong = EnumSet.noneOf(Column.class);
        for (Column column : Column.values()) {
            if (tooLong(record, column)) {
                tooLong.add(column);
            }
        }
        String rawType = tooLong.contains(Column.DOCUMENT_TYPE) ? null : value(record, Column.DOCUMENT_TYPE);
        DocumentType type = null;
        if (rawType == null) {
            errors.add(new FieldError("documentType", CELL_TOO_LONG));
        } else if (!rawType.isEmpty()) {
            try {
                type = DocumentType.valueOf(rawType.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("documentType", "must be one of " + Arrays.toString(DocumentType.values())));
            }
        }
        String rawDocument = tooLong.contains(Column.DOCUMENT) ? "" : value(record, Column.DOCUMENT);
        Document document = null;
        if (tooLong.contains(Column.DOCUMENT)) {
            errors.add(new FieldError("document", CELL_TOO_LONG));
        } else if (type != null || "".equals(rawType)) {
            try {
                document = Document.parse(type, rawDocument);
            } catch (ProblemException e) {
                errors.addAll(e.toProblem().errors());
            }
        } else {
            // the type is refused, so the document is not judged; a CPF or CNPJ it plainly is still
            // counts as met, so that a later row with it is a duplicate as after any other row error
            try {
                document = Document.parse(null, rawDocument);
            } catch (ProblemException notJudged) {
                document = null;
            }
        }
        String email = tooLong.contains(Column.EMAIL) ? null : value(record, Column.EMAIL);
        if (email == null) {
            errors.add(new FieldError("email", CELL_TOO_LONG));
        } else if (email.isEmpty()) {
            errors.add(new FieldError("email", "must not be blank"));
        } else {
            // the very constraints of the API's request (not a copy): a row is refused exactly when the API would
            validator.validateValue(OpenAccountRequest.class, "email", email).stream()
                    .map(ConstraintViolation::getMessage)
                    .sorted()
                    .forEach(message -> errors.add(new FieldError("email", message)));
        }
        BigDecimal creditLimit = amount(record, Column.CREDIT_LIMIT, errors, true, tooLong);
        BigDecimal tolerance = amount(record, Column.TOLERANCE, errors, false, tooLong);
        for (int i = headerSize; i < record.values().size(); i++) {
            if (!record.values().get(i).isBlank()) {
                errors.add(new FieldError("record", "has more values than the header has columns"));
                break;
            }
        }
        if (!errors.isEmpty()) {
            String shown = document != null ? document.value() : rawDocument;
            return new RowCheck.Invalid(
                    record.line(), shown.length() > 200 ? shown.substring(0, 200) : shown, document != null, errors);
        }
        return new RowCheck.Valid(new AccountImportWriter.Row(
                record.line(), document.type(), type != null, document.value(), email, creditLimit, tolerance));
    }

    private BigDecimal amount(
            CsvFile.Record record, Column column, List<FieldError> errors, boolean required, Set<Column> tooLong) {
        if (tooLong.contains(column)) {
            errors.add(new FieldError(column.field, CELL_TOO_LONG));
            return null;
        }
        return amount(value(record, column), column.field, errors, required);
    }

    private boolean tooLong(CsvFile.Record record, Column column) {
        Integer index = columns.get(column);
        return index != null
                && index < record.values().size()
                && record.values().get(index).length() > MAX_CELL;
    }

    private String value(CsvFile.Record record, Column column) {
        Integer index = columns.get(column);
        if (index == null || index >= record.values().size()) {
            return "";
        }
        return SpreadsheetCells.uploaded(record.values().get(index).strip());
    }

    /** Parses an amount exactly (never rounding); null when blank and optional. */
    private BigDecimal amount(String raw, String field, List<FieldError> errors, boolean required) {
        if (raw.isEmpty()) {
            if (required) {
                errors.add(new FieldError(field, "must not be blank"));
            }
            return null;
        }
        if (raw.length() > MAX_NUMBER) {
            errors.add(new FieldError(field, "must be a number of at most " + MAX_NUMBER + " characters"));
            return null;
        }
        // a sheet whose tolerance column is formatted as a percentage exports "10%" (or "10,00%")
        boolean percent = field.equals(Column.TOLERANCE.field) && raw.endsWith("%");
        BigDecimal value =
                parseNumber(percent ? raw.substring(0, raw.length() - 1).strip() : raw, decimalComma);
        if (value != null && percent) {
            value = fraction(value);
        }
        if (value == null) {
            errors.add(new FieldError(
                    field, "must be a number" + (decimalComma ? " (e.g. 1.234,56)" : " (e.g. 1234.56)")));
            return null;
        }
        // the very constraints of the API's request, as for the email: the same bounds, decimals and words
        List<String> refused = validator.validateValue(OpenAccountRequest.class, field, value).stream()
                .map(ConstraintViolation::getMessage)
                .distinct()
                .sorted()
                .toList();
        if (!refused.isEmpty()) {
            refused.forEach(message -> errors.add(new FieldError(field, message)));
            return null;
        }
        return value;
    }

    /** A percentage as the API's fraction, exactly: 10 → 0.10, 10.00 → 0.1000, 12.345 → 0.12345. */
    private static BigDecimal fraction(BigDecimal percent) {
        BigDecimal fraction = percent.movePointLeft(2);
        // trailing zeros a percentage's format adds (10,000%) are not decimals the value has
        return fraction.scale() > 4 ? fraction.stripTrailingZeros() : fraction;
    }

    /** A cell's number as the file's delimiter writes it ({@link Amounts.Convention}); null when it writes none. */
    static BigDecimal parseNumber(String raw, boolean decimalComma) {
        return Amounts.parse(raw, decimalComma ? Amounts.Convention.DECIMAL_COMMA : Amounts.Convention.DECIMAL_POINT);
    }
}
