package dev.aval.eligibility;

import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

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

    /**
     * Settings, status and the credit figures in one round-trip. The account is the OPEN one for
     * the document, or else its latest CLOSED one (→ CREDIT_ACCOUNT_CLOSED); reserved sums the
     * unexpired ACTIVE holds (partial index); overdue asks for an OPEN invoice whose due date plus
     * the grace days is before today in São Paulo (partial index).
     */
    static final String SQL = """
            select d.pending_customers_can_purchase, d.block_credit_when_overdue, c.status,
                   a.id as account_id, a.status as account_status, a.email, a.credit_limit, a.tolerance, a.outstanding,
                   (select coalesce(sum(h.amount), 0) from credit_hold h
                     where h.account_id = a.id and h.status = 'ACTIVE' and h.expires_at > now()) as reserved,
                   exists (select 1 from credit_invoice i
                            where i.account_id = a.id and i.status = 'OPEN'
                              and i.due_date + d.overdue_grace_days < (now() at time zone 'America/Sao_Paulo')::date) as overdue,
                   (select array_agg(ho.email) from credit_account_holder ho where ho.account_id = a.id) as holder_emails
              from distributor d
              left join customer c on c.distributor_id = d.id and c.document = $2
              left join lateral (
                   select ca.* from credit_account ca
                    where ca.distributor_id = d.id and ca.document = $2
                    order by ca.status = 'OPEN' desc, ca.closed_at desc nulls last, ca.id desc
                    limit 1) a on true
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
            return null;
        }
        String[] holders = row.getArrayOfStrings("holder_emails");
        return new Snapshot.Credit(accountId, "OPEN".equals(row.getString("account_status")), row.getString("email"),
                holders == null ? List.of() : Arrays.asList(holders),
                row.getBigDecimal("credit_limit").setScale(2, RoundingMode.UNNECESSARY),
                row.getBigDecimal("tolerance").setScale(4, RoundingMode.UNNECESSARY),
                row.getBigDecimal("outstanding").setScale(2, RoundingMode.UNNECESSARY),
                row.getBigDecimal("reserved").setScale(2, RoundingMode.UNNECESSARY),
                row.getBoolean("overdue"));
    }
}
