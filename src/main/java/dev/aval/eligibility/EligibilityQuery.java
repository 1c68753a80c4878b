package dev.aval.eligibility;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.aval.credit.Money;
import dev.aval.customer.CustomerStatus;
import dev.aval.distributor.DistributorSettings;
import dev.aval.platform.PipelinedReads;
import dev.aval.platform.SystemClock;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/** The one prepared statement behind eligibility, and the one place its rows are mapped. */
@Singleton
class EligibilityQuery {

    /**
     * The customer's status and the document's credit accounts in one round-trip, both by index
     * (the distributor's settings come from {@code ApiKeyRepository}'s cache). One row per account
     * of the document — the OPEN one, if any, and the CLOSED ones kept for history — or a single
     * row without account; the status is null when the document was never integrated (accounts
     * are independent of the customer base, so an account is found without a customer too). Only
     * an OPEN account gets its figures, from {@code eligibility_credit} (V6), evaluated once per
     * row thanks to the {@code offset 0} fence; {@code $4} is the service's clock (reserved and
     * overdue at that instant, as credit computes them: V12).
     */
    static final String SQL = """
            select s.status, s.account_id, s.account_status, s.email, s.credit_limit, s.tolerance, s.outstanding,
                   (s.credit).reserved, (s.credit).overdue, (s.credit).holder_emails
              from (select c.status, a.id as account_id, a.status as account_status, a.email,
                           a.credit_limit, a.tolerance, a.outstanding,
                           case when a.status = 'OPEN' then eligibility_credit(a.id, $3, $4) end as credit
                      from (select $1::varchar as distributor_id, $2::varchar as document) k
                      left join customer c on c.distributor_id = k.distributor_id and c.document = k.document
                      left join credit_account a on a.distributor_id = k.distributor_id and a.document = k.document
                    offset 0) s
            """;

    @Inject
    PipelinedReads reads;

    @Inject
    Clock clock;

    /** Reads the snapshot and hands it to {@code then} in the same stage (one Mutiny stage per call). */
    <T> Uni<T> snapshot(
            String distributorId, String document, DistributorSettings settings, Function<Snapshot, T> then) {
        return reads.execute(
                SQL,
                Tuple.of(
                        distributorId,
                        document,
                        settings.overdueGraceDays(),
                        SystemClock.now(clock).atOffset(ZoneOffset.UTC)),
                rows -> then.apply(map(rows, settings)));
    }

    private static Snapshot map(RowSet<Row> rows, DistributorSettings settings) {
        CustomerStatus status = null;
        Snapshot.Credit credit = null;
        for (Row row : rows) {
            String integrated = row.getString("status");
            status = integrated == null ? null : CustomerStatus.valueOf(integrated);
            if ("OPEN".equals(row.getString("account_status"))) {
                credit = open(row);
            } else if (credit == null && row.getUUID("account_id") != null) {
                credit = Snapshot.Credit.CLOSED;
            }
        }
        return new Snapshot(status, settings.pendingCustomersCanPurchase(), settings.blockCreditWhenOverdue(), credit);
    }

    private static Snapshot.Credit open(Row row) {
        UUID accountId = row.getUUID("account_id");
        String[] holders = row.getArrayOfStrings("holder_emails");
        return new Snapshot.Credit(
                accountId,
                true,
                row.getString("email"),
                holders == null ? List.of() : Arrays.asList(holders),
                Money.of(row.getBigDecimal("credit_limit")),
                Money.tolerance(row.getBigDecimal("tolerance")),
                Money.of(row.getBigDecimal("outstanding")),
                Money.orZero(row.getBigDecimal("reserved")),
                row.getBoolean("overdue"));
    }
}
