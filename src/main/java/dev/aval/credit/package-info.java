/**
 * Credit accounts (domain.md §4): accounts per distributor and document, extra holders, holds
 * (pre-authorisations), capture into invoices, payments, cancellations, and the append-only
 * statement. The invariant {@code outstanding + reserved ≤ creditLimit × (1 + tolerance)} is kept
 * under the account row's lock ({@code SELECT … FOR UPDATE}): every movement of money locks the
 * account first, so concurrent holds on any number of instances serialise in PostgreSQL.
 */
package dev.aval.credit;
