package dev.aval.eligibility;

import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;

import dev.aval.customer.CustomerStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** The one prepared statement behind eligibility, and the one place its rows are mapped. */
@Singleton
class EligibilityQuery {

    /**
     * Settings, status and the credit figures in one round-trip, all by index. The OPEN account is
     * one probe of its partial unique index; only without one, and only for an APV customer (the
     * only status whose answer depends on it), do we ask whether a CLOSED one exists
     * (→ CREDIT_ACCOUNT_CLOSED). The account's aggregates are evaluated only when it
     * exists (CASE short-circuits the subqueries): reserved sums the unexpired ACTIVE holds, overdue
     * asks for an OPEN invoice whose due date plus the grace days is before today in São Paulo.
     */
    static final String SQL = """
            select d.pending_customers_can_purchase, d.block_credit_when_overdue, c.status,
                   a.id as account_id, a.email, a.credit_limit, a.tolerance, a.outstanding,
                   case when a.id is null then null else
                       (select coalesce(sum(h.amount), 0) from credit_hold h
                         where h.account_id = a.id and h.status = 'ACTIVE' and h.expires_at > now()) end as reserved,
                   case when a.id is null then false else
                       exists (select 1 from credit_invoice i
                                where i.account_id = a.id and i.status = 'OPEN'
                                  and i.due_date + d.overdue_grace_days < (now() at time zone 'America/Sao_Paulo')::date)
                   end as overdue,
                   case when a.id is null then null else
                       (select array_agg(ho.email) from credit_account_holder ho where ho.account_id = a.id) end as holder_emails,
                   case when a.id is null and c.status = 'APV' then
                       exists (select 1 from credit_account x where x.distributor_id = d.id and x.document = $2)
                   else false end as closed_account
              from distributor d
              left join customer c on c.distributor_id = d.id and c.document = $2
              left join credit_account a on a.distributor_id = d.id and a.document = $2 and a.status = 'OPEN'
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
                row.getBoolean("pending_customers_can_purchase"), row.getBoolean("block_credit_when_overdue"),
                credit(row));
    }

    private static Snapshot.Credit credit(Row row) {
        UUID accountId = row.getUUID("account_id");
        if (accountId == null) {
            return row.getBoolean("closed_account") ? Snapshot.Credit.CLOSED : null;
        }
        String[] holders = row.getArrayOfStrings("holder_emails");
        return new Snapshot.Credit(accountId, true, row.getString("email"),
                holders == null ? List.of() : Arrays.asList(holders),
                row.getBigDecimal("credit_limit").setScale(2, RoundingMode.UNNECESSARY),
                row.getBigDecimal("tolerance").setScale(4, RoundingMode.UNNECESSARY),
                row.getBigDecimal("outstanding").setScale(2, RoundingMode.UNNECESSARY),
                row.getBigDecimal("reserved").setScale(2, RoundingMode.UNNECESSARY),
                row.getBoolean("overdue"));
    }
}
