/**
 * Bulk CSV import of credit accounts (domain.md §6): the template, uploads stored in PostgreSQL
 * (so any instance runs or resumes any job), jobs taken fairly across distributors that
 * stream-parse and validate the file within bounded limits and apply it in chunks (each chunk
 * and the job's progress in one transaction, so a job resumes exactly once wherever it is taken
 * over), the history and the failed rows as JSON or as a CSV ready to fix. The SQL touching accounts lives in
 * {@code dev.aval.credit.AccountImportWriter}, with the {@code ImportMode} it applies.
 */
package dev.aval.imports;
