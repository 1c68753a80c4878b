/**
 * Customers of a distributor and their status (PEN / APV / RPV): registration, status updates
 * ordered by {@code occurredAt}, batches of up to 1,000, and the append-only status history.
 */
package dev.aval.customer;
