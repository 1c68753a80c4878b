package dev.aval.credit;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Invoices and credit notes in SQL on the reactive pool (docs/architecture.md): reads of one, of an
 * account's and of the distributor's (collections), and the changes of an OPEN invoice, made under
 * its account's lock on the transaction's connection. The one class that maps their rows, to
 * {@link Invoice}. A capture's invoices are inserted by {@link InvoiceWriter}.
 */
final class InvoiceRepository {

    static final String COLUMNS = """
            i.id, i.distributor_id, i.account_id, i.hold_id, i.order_id, i.installment, i.installments, i.amount,
            i.paid_amount, i.credited_amount, i.status, i.due_date, i.created_at, i.updated_at, i.paid_at""";

    static final String FIND = "select " + COLUMNS + " from credit_invoice i where i.id = $1 and i.account_id = $2";

    /** An account's invoices in id (creation) order; the conditions are appended as the filters require. */
    static final String LIST = "select " + COLUMNS + " from credit_invoice i where i.account_id = $1";

    /** The distributor's invoices with their account's document, in the order of the index credit_invoice_due. */
    static final String SEARCH = "select " + COLUMNS + """
            , a.document, a.document_type
              from credit_invoice i join credit_account a on a.id = i.account_id and a.distributor_id = i.distributor_id
             where i.distributor_id = $1""";

    static final String UPDATE = """
            update credit_invoice set paid_amount = $2, credited_amount = $3, status = $4, due_date = $5, updated_at = $6,
                   paid_at = $7
             where id = $1
            """;

    static final String INSERT_CREDIT_NOTE = """
            insert into credit_note (id, distributor_id, account_id, invoice_id, amount, reason, reference, actor, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """;

    /**
     * The distributors with an OPEN invoice overdue as of {@code $1} (past the distributor's grace)
     * whose overdue state at its current due date was not announced yet, the oldest due first (V16's
     * partial index: usually a short range). An invoice still within its grace does not count: else
     * distributors with long grace could fill every batch and keep the others' events waiting.
     */
    static final String UNANNOUNCED_DISTRIBUTORS = """
            select i.distributor_id from credit_invoice i
              join distributor d on d.id = i.distributor_id
             where i.status = 'OPEN' and i.overdue_announced_due is distinct from i.due_date and i.due_date < $1
               and i.due_date < $1::date - d.overdue_grace_days
             group by i.distributor_id
             order by min(i.due_date), i.distributor_id
             limit $2
            """;

    /**
     * Marks the distributor's overdue, unannounced invoices (due before {@code $2} = {@link
     * Invoice#overdueBefore}) as announced at their due date, {@code $3} at most, oldest due first;
     * rows another transaction holds are skipped (a payment under way, another instance's scan).
     */
    static final String ANNOUNCE_OVERDUE = """
            with due as (
                select i.id from credit_invoice i
                 where i.distributor_id = $1 and i.status = 'OPEN' and i.overdue_announced_due is distinct from i.due_date
                   and i.due_date < $2
                 order by i.due_date, i.id
                 limit $3
                   for update skip locked)
            update credit_invoice i set overdue_announced_due = i.due_date
              from due where i.id = due.id
            returning\s""" + COLUMNS;

    /** A postponement to a date still overdue carries the announcement over to the new date. */
    static final String KEEP_ANNOUNCED = """
            update credit_invoice set overdue_announced_due = $3 where id = $1 and overdue_announced_due = $2
            """;

    /** An invoice of the distributor-wide list and its account's document. */
    record Found(Invoice invoice, String document, DocumentType documentType) {}

    private InvoiceRepository() {}

    /** The account's invoice, or null; {@code forUpdate} locks its row (under the account's lock, for a change). */
    static Uni<Invoice> find(SqlClient client, UUID accountId, UUID invoiceId, boolean forUpdate) {
        return client.preparedQuery(forUpdate ? FIND + " for update" : FIND)
                .execute(Tuple.of(invoiceId, accountId))
                .map(rows -> rows.size() == 0 ? null : invoice(rows.iterator().next()));
    }

    /** The account's invoices after {@code afterId}, {@code fetch} of them at most, filtered by status and/or overdue. */
    static Uni<List<Invoice>> list(
            SqlClient client,
            UUID accountId,
            InvoiceStatus status,
            Boolean overdue,
            LocalDate overdueBefore,
            UUID afterId,
            int fetch) {
        StringBuilder sql = new StringBuilder(LIST);
        Tuple args = Tuple.of(accountId);
        if (status != null) {
            args.addString(status.name());
            sql.append(" and i.status = $").append(args.size());
        }
        if (overdue != null) {
            args.addLocalDate(overdueBefore);
            sql.append(overdueCondition(overdue, args.size()));
        }
        if (afterId != null) {
            args.addUUID(afterId);
            sql.append(" and i.id > $").append(args.size());
        }
        args.addInteger(fetch);
        sql.append(" order by i.id limit $").append(args.size());
        return client.preparedQuery(sql.toString()).execute(args).map(InvoiceRepository::invoices);
    }

    /**
     * The distributor's invoices, oldest due date first (ties by id), each with its account's document;
     * every filter optional, {@code fetch} rows at most after the cursor's (dueDate, id).
     */
    static Uni<List<Found>> search(
            SqlClient client,
            String distributorId,
            InvoiceStatus status,
            Boolean overdue,
            LocalDate overdueBefore,
            LocalDate dueFrom,
            LocalDate dueTo,
            Document document,
            InvoiceCursor after,
            int fetch) {
        StringBuilder sql = new StringBuilder(SEARCH);
        Tuple args = Tuple.of(distributorId);
        if (status != null) {
            args.addString(status.name());
            sql.append(" and i.status = $").append(args.size());
        }
        if (overdue != null) {
            args.addLocalDate(overdueBefore);
            sql.append(overdueCondition(overdue, args.size()));
        }
        if (dueFrom != null) {
            args.addLocalDate(dueFrom);
            sql.append(" and i.due_date >= $").append(args.size());
        }
        if (dueTo != null) {
            args.addLocalDate(dueTo);
            sql.append(" and i.due_date <= $").append(args.size());
        }
        if (document != null) {
            args.addString(document.value());
            sql.append(" and a.document = $").append(args.size());
        }
        if (after != null) {
            // (dueDate, id) > (after): the first half bounds the index scan, the second skips the ties already seen
            args.addLocalDate(after.dueDate()).addUUID(after.id());
            int due = args.size() - 1;
            sql.append(" and i.due_date >= $")
                    .append(due)
                    .append(" and (i.due_date > $")
                    .append(due)
                    .append(" or i.id > $")
                    .append(args.size())
                    .append(')');
        }
        args.addInteger(fetch);
        sql.append(" order by i.due_date, i.id limit $").append(args.size());
        return client.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<Found> found = new ArrayList<>(rows.size());
            for (Row row : rows) {
                found.add(new Found(
                        invoice(row), row.getString("document"), DocumentType.valueOf(row.getString("document_type"))));
            }
            return found;
        });
    }

    /** Stores what a rule of {@link Invoice} changed. */
    static Uni<Void> update(SqlClient client, Invoice i) {
        return client.preparedQuery(UPDATE)
                .execute(Tuple.tuple()
                        .addUUID(i.id())
                        .addBigDecimal(Money.of(i.paidAmount()))
                        .addBigDecimal(Money.of(i.creditedAmount()))
                        .addString(i.status().name())
                        .addLocalDate(i.dueDate())
                        .addOffsetDateTime(i.updatedAt().atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(
                                i.paidAt() == null ? null : i.paidAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The distributors that may have overdue invoices to announce as of {@code today}, {@code max} at most. */
    static Uni<List<String>> distributorsWithUnannounced(SqlClient client, LocalDate today, int max) {
        return client.preparedQuery(UNANNOUNCED_DISTRIBUTORS)
                .execute(Tuple.of(today, max))
                .map(rows -> {
                    List<String> ids = new ArrayList<>(rows.size());
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    /** Marks up to {@code max} of the distributor's overdue invoices announced (in the caller's transaction); those. */
    static Uni<List<Invoice>> announceOverdue(
            SqlClient connection, String distributorId, LocalDate overdueBefore, int max) {
        return connection
                .preparedQuery(ANNOUNCE_OVERDUE)
                .execute(Tuple.of(distributorId, overdueBefore, max))
                .map(InvoiceRepository::invoices);
    }

    /** When {@code before} was announced overdue at its due date, it stays announced at {@code newDueDate}. */
    static Uni<Void> keepOverdueAnnounced(SqlClient connection, Invoice before, LocalDate newDueDate) {
        return connection
                .preparedQuery(KEEP_ANNOUNCED)
                .execute(Tuple.of(before.id(), before.dueDate(), newDueDate))
                .replaceWithVoid();
    }

    static Uni<Void> insert(SqlClient client, CreditNoteView note, Invoice invoice, String actor) {
        return client.preparedQuery(INSERT_CREDIT_NOTE)
                .execute(Tuple.tuple()
                        .addUUID(note.id())
                        .addString(invoice.distributorId())
                        .addUUID(invoice.accountId())
                        .addUUID(invoice.id())
                        .addBigDecimal(note.amount())
                        .addString(note.reason())
                        .addString(note.reference())
                        .addString(actor)
                        .addOffsetDateTime(note.createdAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** {@link Invoice#overdue} (or its negation) on the parameter {@code $n} = {@link Invoice#overdueBefore}. */
    private static String overdueCondition(boolean overdue, int n) {
        return overdue
                ? " and i.status = 'OPEN' and i.due_date < $" + n
                : " and (i.status <> 'OPEN' or i.due_date >= $" + n + ")";
    }

    private static List<Invoice> invoices(RowSet<Row> rows) {
        List<Invoice> list = new ArrayList<>(rows.size());
        for (Row row : rows) {
            list.add(invoice(row));
        }
        return list;
    }

    private static Invoice invoice(Row row) {
        return new Invoice(
                row.getUUID("id"),
                row.getString("distributor_id"),
                row.getUUID("account_id"),
                row.getUUID("hold_id"),
                row.getString("order_id"),
                row.getInteger("installment"),
                row.getInteger("installments"),
                Money.of(row.getBigDecimal("amount")),
                Money.of(row.getBigDecimal("paid_amount")),
                Money.of(row.getBigDecimal("credited_amount")),
                InvoiceStatus.valueOf(row.getString("status")),
                row.getLocalDate("due_date"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant(),
                row.getOffsetDateTime("paid_at") == null
                        ? null
                        : row.getOffsetDateTime("paid_at").toInstant());
    }
}
