package dev.aval.eligibility;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Whom {@link Warmup} asks about. */
@ApplicationScoped
class WarmupQuery {

    /** Customers as they come (no sort: the first rows of the table). */
    private static final String SOME_CUSTOMERS =
            "select distributor_id, document, document_type from customer limit $1";

    private static final String FIRST_DISTRIBUTOR = "select id from distributor order by id limit 1";

    @Inject
    Pool pool;

    /**
     * Up to {@code limit} customers of any distributors; the target's distributor is the first
     * customer's, or without customers the first distributor (null: none).
     */
    Future<Warmup.Target> targets(int limit) {
        return pool.preparedQuery(SOME_CUSTOMERS).execute(Tuple.of(limit)).compose(rows -> {
            List<Warmup.Ask> asks = new ArrayList<>();
            for (Row row : rows) {
                asks.add(new Warmup.Ask(row.getString(0), row.getString(1), row.getString(2)));
            }
            if (!asks.isEmpty()) {
                return Future.succeededFuture(new Warmup.Target(asks.get(0).distributorId(), asks));
            }
            return pool.query(FIRST_DISTRIBUTOR)
                    .execute()
                    .map(first -> new Warmup.Target(
                            first.size() == 0 ? null : first.iterator().next().getString(0), asks));
        });
    }
}
