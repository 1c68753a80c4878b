package dev.aval.imports;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The life of an import job. */
@Schema(
        description =
                "QUEUED → RUNNING → COMPLETED (also with failed rows) | FAILED (the file as a whole could not be processed).")
public enum ImportStatus {
    QUEUED,
    RUNNING,
    COMPLETED,
    FAILED
}
