package dev.aval.imports;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.credit.ImportMode;

/** One import job with its counts and progress. */
@Schema(name = "Import", description = "A CSV import job of credit accounts with its counts and progress.")
public record ImportView(
        UUID id,
        ImportMode mode,

        @Schema(description = "Validated and counted only; nothing was changed.")
        boolean dryRun,

        @Schema(description = "The uploaded file's name, when it had one (multipart).")
        String fileName,

        ImportStatus status,

        @Schema(description = "Data records in the file (not the header, not blank lines); null until counted.")
        Integer totalRows,

        @Schema(description = "Records handled so far.") int processedRows,
        int createdCount,
        int updatedCount,
        int unchangedCount,
        int failedCount,

        @Schema(description = "processedRows / totalRows, 0–1, 4 decimals.")
        java.math.BigDecimal progress,

        @Schema(description = "Why the file as a whole could not be processed (FAILED only).")
        String failureReason,

        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,

        @Schema(description = "The id of the API key that uploaded the file.")
        String actor) {}
