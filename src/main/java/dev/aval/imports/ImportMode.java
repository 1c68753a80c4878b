package dev.aval.imports;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What each row of an import may do. */
@Schema(description = "CREATE: open accounts (an existing open account is a row error); UPDATE: change open accounts "
        + "(a missing one is a row error); UPSERT: either.")
public enum ImportMode {
    CREATE, UPDATE, UPSERT
}
