package dev.aval.eligibility;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.aval.credit.Money;
import dev.aval.customer.CustomerStatus;
import dev.aval.platform.PipelinedReads;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/** The one prepared statement behind eligibility, and the one place its rows are mapped. */
@Singleton
class EligibilityQuery {

    /**
     * The distributor's settings, the customer's status and the document's credit accounts in one
     * round-trip, all by index. No row when the distributor does not exist; otherwise one row per
     * account of the document — the OPEN one, if any, and the CLOSED ones kept for history — or a
     * single row without account; the status is null when the document was never integrated
     * (accounts are independent of the customer base, so an account is found without a customer
     * too). Only an OPEN account gets its figures, from {@code eligibility_figures} (V18: V12's
     * rules, plus when the clock alone changes them), evaluated once per row thanks to the
     * {@code offset 0} fence; {@code $3} is the service's clock.
     */
    static final String SQL = snapshot("$2");

    /**
     * {@link #SQL} for the documents of the array {@code $2} at once, each row led by its document,
     * a document's rows together and in the array's order: how {@link Warmup} fills the cache
     * before readiness without one HTTP call and one round trip per customer.
     */
    static final String MANY = "select q.document, s.* from unnest($2::text[]) with ordinality as q(document, n)"
            + " cross join lateral (" + snapshot("q.document") + ") s order by q.n";

    private static String snapshot(String document) {
        return """
            select s.pending, s.block, s.status, s.account_id, s.account_status, s.email, s.credit_limit,
                   s.tolerance, s.outstanding, (s.credit).reserved, (s.credit).overdue, (s.credit).holder_emails,
                   (s.credit).changes_at
              from (select d.pending_customers_can_purchase as pending, d.block_credit_when_overdue as block,
                           c.status, a.id as account_id, a.status as account_status, a.email,
                           a.credit_limit, a.tolerance, a.outstanding,
                           case when a.status = 'OPEN' then eligibility_figures(a.id, d.overdue_grace_days, $3) end
                               as credit
                      from distributor d
                      left join customer c on c.distributor_id = d.id and c.document = $2
                      left join credit_account a on a.distributor_id = d.id and a.document = $2
                     where d.id = $1
                    offset 0) s
            """.replace("$2", document);
    }

    @Inject
    PipelinedReads reads;

    /**
     * Reads the document's snapshot at {@code now} and hands it to {@code then} in the same stage
     * (one Mutiny stage per call); {@code then} gets null when the distributor does not exist.
     */
    <T> Uni<T> read(String distributorId, String document, Instant now, Function<Reading, T> then) {
        return reads.execute(
                SQL, Tuple.of(distributorId, document, now.atOffset(ZoneOffset.UTC)), rows -> then.apply(map(rows)));
    }

    /**
     * Reads the snapshots of many documents of one distributor at {@code now}, by document (none when
     * the distributor does not exist).
     */
    Uni<Map<String, Reading>> readMany(String distributorId, String[] documents, Instant now) {
        return reads.execute(
                MANY, Tuple.of(distributorId, documents, now.atOffset(ZoneOffset.UTC)), EligibilityQuery::mapMany);
    }

    private static Map<String, Reading> mapMany(RowSet<Row> rows) {
        Map<String, Reading> readings = new HashMap<>();
        List<Row> same = new ArrayList<>();
        String document = null;
        for (Row row : rows) {
            String next = row.getString("document");
            if (!next.equals(document) && !same.isEmpty()) {
                readings.put(document, map(same));
                same.clear();
            }
            document = next;
            same.add(row);
        }
        if (!same.isEmpty()) {
            readings.put(document, map(same));
        }
        return readings;
    }

    private static Reading map(RowSet<Row> rows) {
        return rows.size() == 0 ? null : map((Iterable<Row>) rows);
    }

    /** One document's rows (at least one) as its reading. */
    private static Reading map(Iterable<Row> rows) {
        CustomerStatus status = null;
        Snapshot.Credit credit = null;
        boolean pending = false;
        boolean block = false;
        long changesAt = Reading.NEVER;
        List<UUID> accounts = List.of();
        for (Row row : rows) {
            pending = row.getBoolean("pending");
            block = row.getBoolean("block");
            String integrated = row.getString("status");
            status = integrated == null ? null : CustomerStatus.valueOf(integrated);
            UUID accountId = row.getUUID("account_id");
            if (accountId == null) {
                continue;
            }
            if (accounts.isEmpty()) {
                accounts = new ArrayList<>(2);
            }
            accounts.add(accountId);
            if ("OPEN".equals(row.getString("account_status"))) {
                credit = open(row);
                OffsetDateTime changes = row.getOffsetDateTime("changes_at");
                if (changes != null) {
                    changesAt = changes.toInstant().toEpochMilli();
                }
            } else if (credit == null) {
                credit = Snapshot.Credit.CLOSED;
            }
        }
        // immutable and exactly sized: a cached reading holds it for as long as it is cached
        return new Reading(new Snapshot(status, pending, block, credit), List.copyOf(accounts), changesAt);
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
