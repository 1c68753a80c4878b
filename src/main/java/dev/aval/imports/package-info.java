/**
 * Bulk CSV import of credit accounts (domain.md §6): the template, uploads stored on disk,
 * jobs that stream-parse and validate the file and apply it in chunks (each chunk and the
 * job's progress in one transaction, so a restart resumes exactly once), the history and the
 * failed rows as JSON or as a CSV ready to fix. The SQL touching accounts lives in
 * {@code dev.aval.credit.AccountImportWriter}, with the {@code ImportMode} it applies.
 */
package dev.aval.imports;
