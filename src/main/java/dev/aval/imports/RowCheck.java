package dev.aval.imports;

import java.util.ArrayList;
import java.util.List;

import dev.aval.credit.AccountImportWriter;
import dev.aval.platform.Problem.FieldError;

/** What {@link RowValidator} made of one CSV record: a valid row, or the record's errors. */
sealed interface RowCheck {

    /** A record that passed validation, as the row the writer applies. */
    record Valid(AccountImportWriter.Row row) implements RowCheck {}

    /**
     * A record that failed validation.
     *
     * @param documentValid the document itself is valid ({@code document} is then its normalised
     *                      value): the file has met this document, whatever else is wrong in the row
     */
    record Invalid(int line, String document, boolean documentValid, List<FieldError> errors) implements RowCheck {

        /** The same record with one more error in front (a document error comes before the later columns'). */
        Invalid withFirst(FieldError error) {
            List<FieldError> all = new ArrayList<>(errors.size() + 1);
            all.add(error);
            all.addAll(errors);
            return new Invalid(line, document, documentValid, all);
        }
    }
}
