package dev.aval.eligibility;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.customer.CustomerStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The one prepared statement behind eligibility, and the one place its rows are mapped. */
@ApplicationScoped
class EligibilityQuery {

    static final String SQL = """
            select d.pending_customers_can_purchase, d.block_credit_when_overdue, c.status
              from distributor d
              left join customer c on c.distributor_id = d.id and c.document = $2
             where d.id = $1
            """;

    @Inject
    Pool pool;

    Uni<Snapshot> snapshot(String distributorId, String document) {
        return pool.preparedQuery(SQL).execute(Tuple.of(distributorId, document)).map(EligibilityQuery::map);
    }

    private static Snapshot map(RowSet<Row> rows) {
        Row row = rows.iterator().next();
        String status = row.getString("status");
        return new Snapshot(status == null ? null : CustomerStatus.valueOf(status),
                row.getBoolean("pending_customers_can_purchase"), row.getBoolean("block_credit_when_overdue"), null);
    }
}
