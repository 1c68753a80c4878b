package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Inserts a capture's invoices, in one statement on the capture's connection (reads and later
 * changes of invoices belong to the invoice service).
 */
final class InvoiceWriter {

    /** One new invoice: OPEN, nothing paid. */
    record NewInvoice(
            UUID id,
            String distributorId,
            UUID accountId,
            UUID holdId,
            String orderId,
            int installment,
            int installments,
            BigDecimal amount,
            LocalDate dueDate,
            Instant createdAt) {

        /** As the API shows it; overdue by the distributor's grace days, as of {@code today} (São Paulo). */
        InvoiceView view(LocalDate today, int graceDays) {
            return new InvoiceView(
                    id,
                    accountId,
                    holdId,
                    orderId,
                    installment,
                    installments,
                    Money.of(amount),
                    Money.ZERO,
                    Money.ZERO,
                    InvoiceStatus.OPEN,
                    dueDate,
                    dueDate.isBefore(Invoice.overdueBefore(today, graceDays)),
                    createdAt,
                    null);
        }
    }

    static final String INSERT = """
            insert into credit_invoice (id, distributor_id, account_id, hold_id, order_id, installment, installments,
                                        amount, paid_amount, status, due_date, created_at, updated_at)
            select u.id, $1, $2, $3, $4, u.installment, $5, u.amount, 0, 'OPEN', u.due_date, $6, $6
              from unnest($7::uuid[], $8::int[], $9::numeric[], $10::date[]) as u (id, installment, amount, due_date)
            """;

    private InvoiceWriter() {}

    /** Inserts the invoices of one capture (same distributor, account, hold, order and time). */
    static Uni<Void> insert(SqlClient connection, List<NewInvoice> invoices) {
        if (invoices.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        NewInvoice first = invoices.get(0);
        return connection
                .preparedQuery(INSERT)
                .execute(Tuple.tuple()
                        .addString(first.distributorId())
                        .addUUID(first.accountId())
                        .addUUID(first.holdId())
                        .addString(first.orderId())
                        .addInteger(first.installments())
                        .addOffsetDateTime(first.createdAt().atOffset(ZoneOffset.UTC))
                        .addArrayOfUUID(invoices.stream().map(NewInvoice::id).toArray(UUID[]::new))
                        .addArrayOfInteger(
                                invoices.stream().map(NewInvoice::installment).toArray(Integer[]::new))
                        .addArrayOfBigDecimal(
                                invoices.stream().map(i -> Money.of(i.amount())).toArray(BigDecimal[]::new))
                        .addArrayOfLocalDate(
                                invoices.stream().map(NewInvoice::dueDate).toArray(LocalDate[]::new)))
                .replaceWithVoid();
    }
}
