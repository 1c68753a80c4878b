package dev.aval.customer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.EventLog;
import dev.aval.platform.EventType;
import dev.aval.platform.Ids;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Customers and their status history in PostgreSQL, read and registered with SQL (the status
 * batches are {@link StatusWriter}'s). Rows become {@link Customer} and {@link StatusChange} here
 * and only here. A registration appends its {@code customer.registered} event in its transaction.
 */
@ApplicationScoped
class CustomerRepository {

    static final String COLUMNS = """
            id, document, document_type, status, status_reason, status_occurred_at, status_decided, created_at, updated_at""";
    private static final String FIND =
            "select " + COLUMNS + " from customer where distributor_id = $1 and document = $2";
    private static final String LIST = "select " + COLUMNS + """
             from customer
            where distributor_id = $1 and ($2::text is null or status = $2) and ($3::uuid is null or id > $3)
            order by id limit $4""";
    private static final String HISTORY = """
            select id, customer_id, from_status, to_status, reason, occurred_at, recorded_at, actor
              from customer_status_change
             where customer_id = $1 and ($2::uuid is null or id < $2)
             order by id desc limit $3""";
    /** Registration: PEN, not decided; the history row only when this statement created the customer. */
    private static final String REGISTER = """
            with created as (
                insert into customer (id, distributor_id, document, document_type, status, status_reason,
                                      status_occurred_at, status_decided, created_at, updated_at)
                values ($1, $2, $3, $4, 'PEN', null, $5, false, $5, $5)
                on conflict (distributor_id, document) do nothing
                returning %s),
            history as (
                insert into customer_status_change (id, customer_id, from_status, to_status, reason, occurred_at,
                                                    recorded_at, actor)
                select $6, id, null, status, null, status_occurred_at, $5, $7 from created)
            select %s from created
            """.formatted(COLUMNS, COLUMNS);

    @Inject
    Pool pool;

    @Inject
    EventLog events;

    /** The customer, or null. */
    Uni<Customer> find(String distributorId, Document document) {
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(distributorId, document.value()))
                .map(CustomerRepository::first);
    }

    /** Up to {@code limit} customers after {@code after} in id (creation) order, optionally of one status. */
    Uni<List<Customer>> list(String distributorId, CustomerStatus status, UUID after, int limit) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.of(distributorId, status == null ? null : status.name(), after, limit))
                .map(rows -> all(rows, CustomerRepository::customer));
    }

    /** Up to {@code limit} status changes before {@code before}, newest first. */
    Uni<List<StatusChange>> history(UUID customerId, UUID before, int limit) {
        return pool.preparedQuery(HISTORY)
                .execute(Tuple.of(customerId, before, limit))
                .map(rows -> all(rows, CustomerRepository::change));
    }

    /** Registers the customer PEN when absent (with its first history row); an existing one is found as it is. */
    Uni<CustomerService.Registered> register(String distributorId, Document document, Instant now, String actor) {
        Tuple args = Tuple.tuple()
                .addUUID(Ids.newId())
                .addString(distributorId)
                .addString(document.value())
                .addString(document.type().name())
                .addOffsetDateTime(utc(now))
                .addUUID(Ids.newId())
                .addString(actor);
        return pool.withTransaction(conn -> conn.preparedQuery(REGISTER)
                .execute(args)
                .chain(rows -> {
                    Customer created = first(rows);
                    return created != null
                            ? events.append(
                                            conn,
                                            distributorId,
                                            EventType.CUSTOMER_REGISTERED,
                                            created.document(),
                                            created.view(),
                                            null,
                                            actor,
                                            now)
                                    .replaceWith(new CustomerService.Registered(created.view(), true))
                            : find(distributorId, document).map(c -> new CustomerService.Registered(c.view(), false));
                }));
    }

    static Customer customer(Row r) {
        return new Customer(
                r.getUUID("id"),
                r.getString("document"),
                DocumentType.valueOf(r.getString("document_type")),
                CustomerStatus.valueOf(r.getString("status")),
                r.getString("status_reason"),
                instant(r.getOffsetDateTime("status_occurred_at")),
                r.getBoolean("status_decided"),
                instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("updated_at")));
    }

    private static StatusChange change(Row r) {
        String from = r.getString("from_status");
        return new StatusChange(
                r.getUUID("id"),
                r.getUUID("customer_id"),
                from == null ? null : CustomerStatus.valueOf(from),
                CustomerStatus.valueOf(r.getString("to_status")),
                r.getString("reason"),
                instant(r.getOffsetDateTime("occurred_at")),
                instant(r.getOffsetDateTime("recorded_at")),
                r.getString("actor"));
    }

    private static Customer first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? customer(it.next()) : null;
    }

    private static <T> List<T> all(RowSet<Row> rows, java.util.function.Function<Row, T> map) {
        List<T> list = new ArrayList<>(rows.size());
        for (Row row : rows) {
            list.add(map.apply(row));
        }
        return list;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
