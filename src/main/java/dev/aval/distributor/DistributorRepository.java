package dev.aval.distributor;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.EventLog;
import dev.aval.platform.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Distributors in PostgreSQL, with SQL: every credit and eligibility path reads their settings,
 * and a settings change is one statement. Rows become {@link DistributorView} here and only here.
 * An update that changes the name or a setting appends {@code distributor.updated} in its transaction.
 */
@ApplicationScoped
class DistributorRepository {

    private static final String COLUMNS =
            "id, name, pending_customers_can_purchase, block_credit_when_overdue, overdue_grace_days, created_at, updated_at";
    private static final String FIND = "select " + COLUMNS + " from distributor where id = $1";
    private static final String LOCK = FIND + " for update";
    /**
     * Creates the distributor with the defaults of the settings not given, or applies the given ones
     * to the existing row (omitted settings keep their value); {@code xmax = 0} tells an insert.
     */
    private static final String PUT = """
            insert into distributor as d (id, name, pending_customers_can_purchase, block_credit_when_overdue,
                                          overdue_grace_days, created_at, updated_at)
            values ($1, $2, coalesce($3, true), coalesce($4, true), coalesce($5, 3), $6, $6)
            on conflict (id) do update
               set name = excluded.name,
                   pending_customers_can_purchase = coalesce($3, d.pending_customers_can_purchase),
                   block_credit_when_overdue = coalesce($4, d.block_credit_when_overdue),
                   overdue_grace_days = coalesce($5, d.overdue_grace_days),
                   updated_at = excluded.updated_at
            returning %s, (xmax = 0) as created
            """.formatted(COLUMNS);

    @Inject
    Pool pool;

    @Inject
    EventLog events;

    /** The distributor, or null. */
    Uni<DistributorView> find(String id) {
        return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(DistributorRepository::first);
    }

    /**
     * The existing row is locked first, so what it was before this update is what the update
     * changes (a concurrent PUT waits), and the event is sent only for a real change.
     */
    Uni<DistributorService.Saved> put(String id, DistributorRequest request, Instant now, String actor) {
        Tuple args = Tuple.tuple()
                .addString(id)
                .addString(request.name().strip())
                .addBoolean(request.pendingCustomersCanPurchase())
                .addBoolean(request.blockCreditWhenOverdue())
                .addInteger(request.overdueGraceDays())
                .addOffsetDateTime(now.atOffset(ZoneOffset.UTC));
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK)
                .execute(Tuple.of(id))
                .map(DistributorRepository::first)
                .chain(before -> conn.preparedQuery(PUT).execute(args).chain(rows -> {
                    Row row = rows.iterator().next();
                    DistributorService.Saved saved =
                            new DistributorService.Saved(distributor(row), row.getBoolean("created"));
                    if (saved.created() || sameSettings(before, saved.distributor())) {
                        return Uni.createFrom().item(saved);
                    }
                    return events.append(
                                    conn, id, EventType.DISTRIBUTOR_UPDATED, id, saved.distributor(), null, actor, now)
                            .replaceWith(saved);
                })));
    }

    private static boolean sameSettings(DistributorView a, DistributorView b) {
        return a != null
                && a.name().equals(b.name())
                && a.pendingCustomersCanPurchase() == b.pendingCustomersCanPurchase()
                && a.blockCreditWhenOverdue() == b.blockCreditWhenOverdue()
                && a.overdueGraceDays() == b.overdueGraceDays();
    }

    private static DistributorView first(RowSet<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? distributor(it.next()) : null;
    }

    private static DistributorView distributor(Row r) {
        return new DistributorView(
                r.getString("id"),
                r.getString("name"),
                r.getBoolean("pending_customers_can_purchase"),
                r.getBoolean("block_credit_when_overdue"),
                r.getInteger("overdue_grace_days"),
                instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("updated_at")));
    }

    private static Instant instant(OffsetDateTime at) {
        return at.toInstant();
    }
}
