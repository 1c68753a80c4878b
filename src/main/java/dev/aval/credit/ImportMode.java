package dev.aval.credit;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What each row of an import may do to the account of its document: the mode the API and the
 * console accept, that a job stores, and that {@link AccountImportWriter} applies.
 */
@Schema(
        description = "CREATE: open accounts (an existing open account is a row error); UPDATE: change open accounts "
                + "(a missing one is a row error); UPSERT: either.")
public enum ImportMode {
    /** Open a new account; an existing OPEN account is a row error. */
    CREATE,
    /** Change the OPEN account; a missing one is a row error. */
    UPDATE,
    /** Open or change. */
    UPSERT
}
