package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The hold path's SQL (docs/architecture.md): every statement that reads or writes
 * {@code credit_hold}, and the one place its rows are mapped (to {@link Hold} records). The writes
 * run on the caller's transaction connection, after {@link AccountLockQuery#lock}; each is one
 * statement (data-modifying CTEs), with its statement entries, dated by {@code credit_entry_at}.
 * The held column of the account follows every write by V12's trigger.
 */
final class HoldRepository {

    private HoldRepository() {}

    private static final String COLUMNS =
            "h.id, h.account_id, h.order_id, h.amount, h.captured_amount, h.status, " + "h.expires_at, h.created_at";

    /** Serialises the places of one order (distributor, orderId) until the transaction ends. */
    static final String LOCK_ORDER = "select 1 from (select pg_advisory_xact_lock(hashtextextended($1, 0))) l";

    /**
     * Places the hold if nothing refuses it, in one statement after the account's lock: its snapshot
     * is taken once the lock is held, so reserved counts every hold committed by the transactions the
     * lock waited for, and the order's other holds every place the order's lock waited for. Returns
     * the figures the refusals need.
     */
    static final String PLACE = """
            with f as (
                select credit_reserved($3, $8) as reserved,
                       ($13 and credit_overdue($3, $14, $8)) as overdue,
                       exists (select 1 from credit_hold o
                                where o.distributor_id = $2 and o.order_id = $4
                                  and (o.status = 'CAPTURED'
                                       or (o.status = 'ACTIVE'
                                           and (o.expires_at > $8 or coalesce(o.captured_amount, 0) > 0)))) as order_held
            ), hold as (
                insert into credit_hold (id, distributor_id, account_id, order_id, amount, status, expires_at, actor,
                                         created_at, updated_at)
                select $1, $2, $3, $4, $5, 'ACTIVE', $6, $7, $8, $8 from f
                 where $12 and not f.order_held and not f.overdue and $5 <= $11 - f.reserved
                returning id
            ), entry as (
                insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                    reference, reason, actor, occurred_at)
                select $9, $3, 'HOLD_PLACED', $5, $10, f.reserved + $5, 'hold:' || $1::text, 'order ' || $4::text,
                       $7, credit_entry_at($3, $8)
                  from f, hold
            )
            select f.reserved, f.overdue, f.order_held, exists (select 1 from hold) as placed from f
            """;

    /**
     * The hold, read after the account's lock (a fresh snapshot), with the account's reserved at
     * {@code $3} and, when {@code $4}, whether its document has an overdue invoice.
     */
    static final String LOCKED_HOLD = "select " + COLUMNS + """
            , credit_reserved(h.account_id, $3) as reserved,
                   ($4 and credit_overdue(h.account_id, $5, $3)) as overdue
              from credit_hold h
             where h.id = $1 and h.account_id = $2
            """;

    static final String ADJUST = """
            with hold as (
                update credit_hold set amount = $3, expires_at = $4, updated_at = $5 where id = $1)
            insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                reference, reason, actor, occurred_at)
            values ($6, $2, 'HOLD_ADJUSTED', $7, $8, $9, 'hold:' || $1::text, $10, $11, credit_entry_at($2, $5))
            """;

    /**
     * A capture: the hold, the account's outstanding, HOLD_CAPTURED (none when a final capture finds
     * nothing left) and (a final one's rest) HOLD_RELEASED.
     */
    static final String CAPTURE = """
            with hold as (
                update credit_hold set captured_amount = coalesce(captured_amount, 0) + $3, status = $4, updated_at = $5
                 where id = $1),
            account as (
                update credit_account set outstanding = outstanding + $3 where id = $2)
            insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                reference, reason, actor, occurred_at)
            select $6::uuid, $2::uuid, 'HOLD_CAPTURED', $3::numeric, $7::numeric, $8::numeric, 'hold:' || $1::text,
                   'order ' || $12::text, $11::varchar, credit_entry_at($2, $5, 1)
             where $3::numeric > 0
            union all
            select $9::uuid, $2::uuid, 'HOLD_RELEASED', -$10::numeric, $7::numeric, $8::numeric - $10::numeric,
                   'hold:' || $1::text, 'uncaptured rest of order ' || $12::text, $11::varchar, credit_entry_at($2, $5, 2)
             where $10::numeric > 0
            """;

    /** A release: RELEASED (CAPTURED when partly captured) and HOLD_RELEASED of its uncaptured rest. */
    static final String RELEASE = """
            with hold as (
                update credit_hold set status = $3, updated_at = $4 where id = $1)
            insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                reference, reason, actor, occurred_at)
            values ($5, $2, 'HOLD_RELEASED', -$6::numeric, $7, $8, 'hold:' || $1::text, 'order ' || $9::text, $10,
                    credit_entry_at($2, $4))
            """;

    /**
     * Stores one expiry (EXPIRED, or CAPTURED when partly captured) with its HOLD_EXPIRED entry dated at
     * the hold's expiresAt, by {@code system}: its balances-after are those of the statement just
     * before that instant minus the hold's uncaptured rest, so the statement stays consistent in
     * time order.
     */
    static final String EXPIRE = """
            with hold as (
                update credit_hold set status = $3, updated_at = $4 where id = $1 and status = 'ACTIVE'),
            prev as (
                select e.outstanding_after, e.reserved_after from credit_statement_entry e
                 where e.account_id = $2 and e.occurred_at <= $5 order by e.occurred_at desc, e.id desc limit 1)
            insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                reference, reason, actor, occurred_at)
            select $6, $2, 'HOLD_EXPIRED', -$7::numeric,
                   coalesce((select outstanding_after from prev), (select outstanding from credit_account where id = $2)),
                   greatest(coalesce((select reserved_after from prev), 0) - $7::numeric, 0),
                   'hold:' || $1::text, 'order ' || $8::text, 'system', $5
            """;

    static final String LOCK_FOR_EXPIRY = "select distributor_id from credit_account where id = $1 for update";

    /** The actor of what the clock alone does (an expiry's statement entry and event). */
    static final String SYSTEM = "system";

    static final String DUE = "select " + COLUMNS + """
             from credit_hold h
             where h.account_id = $1 and h.status = 'ACTIVE' and h.expires_at <= $2
             order by h.expires_at, h.id
            """;

    /** Whether the account has an ACTIVE hold not yet past its expiresAt (reserving something or not). */
    static final String HAS_ACTIVE = """
            select exists (select 1 from credit_hold where account_id = $1 and status = 'ACTIVE' and expires_at > $2)
            """;

    static final String ACCOUNTS_WITH_DUE = """
            select distinct account_id from credit_hold where status = 'ACTIVE' and expires_at <= $1 limit $2
            """;

    /** The account (a row even without the hold: then the hold's columns are null). */
    static final String FIND = "select a.id as account, " + COLUMNS + """
             from credit_account a
             left join credit_hold h on h.id = $3 and h.account_id = a.id
             where a.id = $1 and a.distributor_id = $2
            """;

    /** The condition of a status as of {@code now} (a parameter such as {@code $3}): the filter of both lists. */
    private static String statusCondition(HoldStatus status, String now) {
        return switch (status) {
            case ACTIVE -> " and h.status = 'ACTIVE' and h.expires_at > " + now;
            case RELEASED -> " and h.status = 'RELEASED'";
            case EXPIRED ->
                " and (h.status = 'EXPIRED' or (h.status = 'ACTIVE' and h.expires_at <= " + now
                        + " and coalesce(h.captured_amount, 0) = 0))";
            case CAPTURED ->
                " and (h.status = 'CAPTURED' or (h.status = 'ACTIVE' and h.expires_at <= " + now
                        + " and coalesce(h.captured_amount, 0) > 0))";
        };
    }

    /** What {@link #PLACE} found. */
    record Placed(BigDecimal reserved, boolean overdue, boolean orderHeld, boolean placed) {}

    /** A hold read under its account's lock, with the account's reserved (and overdue, when asked). */
    record Locked(Hold hold, BigDecimal reserved, boolean overdue) {}

    static Uni<Void> lockOrder(SqlClient connection, String distributorId, String orderId) {
        return connection
                .preparedQuery(LOCK_ORDER)
                .execute(Tuple.of(distributorId + "/" + orderId))
                .replaceWithVoid();
    }

    static Uni<Placed> place(
            SqlClient connection,
            String distributorId,
            Hold hold,
            String actor,
            LockedAccount account,
            boolean allowed,
            boolean blockWhenOverdue,
            int overdueGraceDays) {
        Instant now = account.now();
        return connection
                .preparedQuery(PLACE)
                .execute(Tuple.tuple()
                        .addUUID(hold.id())
                        .addString(distributorId)
                        .addUUID(hold.accountId())
                        .addString(hold.orderId())
                        .addBigDecimal(hold.amount())
                        .addOffsetDateTime(utc(hold.expiresAt()))
                        .addString(actor)
                        .addOffsetDateTime(utc(now))
                        .addUUID(dev.aval.platform.Ids.newId())
                        .addBigDecimal(account.outstanding())
                        .addBigDecimal(account.headroom())
                        .addBoolean(allowed)
                        .addBoolean(blockWhenOverdue)
                        .addInteger(overdueGraceDays))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Placed(
                            Money.orZero(row.getBigDecimal("reserved")),
                            row.getBoolean("overdue"),
                            row.getBoolean("order_held"),
                            row.getBoolean("placed"));
                });
    }

    /** The hold of the locked account, or null. */
    static Uni<Locked> locked(
            SqlClient connection, UUID accountId, UUID holdId, Instant now, boolean withOverdue, int overdueGraceDays) {
        return connection
                .preparedQuery(LOCKED_HOLD)
                .execute(Tuple.of(holdId, accountId, utc(now), withOverdue, overdueGraceDays))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row row = it.next();
                    return new Locked(
                            hold(row), Money.orZero(row.getBigDecimal("reserved")), row.getBoolean("overdue"));
                });
    }

    static Uni<Void> adjust(
            SqlClient connection,
            Hold before,
            BigDecimal amount,
            Instant expiresAt,
            BigDecimal outstandingAfter,
            BigDecimal reservedAfter,
            String actor,
            Instant now) {
        String reason = "order " + before.orderId()
                + (expiresAt.equals(before.expiresAt()) ? "" : "; expires " + before.expiresAt() + " -> " + expiresAt);
        return connection
                .preparedQuery(ADJUST)
                .execute(Tuple.tuple()
                        .addUUID(before.id())
                        .addUUID(before.accountId())
                        .addBigDecimal(amount)
                        .addOffsetDateTime(utc(expiresAt))
                        .addOffsetDateTime(utc(now))
                        .addUUID(dev.aval.platform.Ids.newId())
                        .addBigDecimal(amount.subtract(before.amount()))
                        .addBigDecimal(outstandingAfter)
                        .addBigDecimal(reservedAfter)
                        .addString(reason)
                        .addString(actor))
                .replaceWithVoid();
    }

    /**
     * Records a capture of {@code captured}; {@code rest} (a final capture's uncaptured rest, else 0.00)
     * is released in the same statement. {@code reservedAfter} is reserved once the captured part left it.
     */
    static Uni<Void> capture(
            SqlClient connection,
            Hold hold,
            BigDecimal captured,
            HoldStatus status,
            BigDecimal rest,
            BigDecimal outstandingAfter,
            BigDecimal reservedAfter,
            String actor,
            Instant now) {
        return connection
                .preparedQuery(CAPTURE)
                .execute(Tuple.tuple()
                        .addUUID(hold.id())
                        .addUUID(hold.accountId())
                        .addBigDecimal(captured)
                        .addString(status.name())
                        .addOffsetDateTime(utc(now))
                        .addUUID(dev.aval.platform.Ids.newId())
                        .addBigDecimal(outstandingAfter)
                        .addBigDecimal(reservedAfter)
                        .addUUID(dev.aval.platform.Ids.newId())
                        .addBigDecimal(rest)
                        .addString(actor)
                        .addString(hold.orderId()))
                .replaceWithVoid();
    }

    static Uni<Void> release(
            SqlClient connection,
            Hold hold,
            HoldStatus status,
            BigDecimal outstandingAfter,
            BigDecimal reservedAfter,
            String actor,
            Instant now) {
        return connection
                .preparedQuery(RELEASE)
                .execute(Tuple.tuple()
                        .addUUID(hold.id())
                        .addUUID(hold.accountId())
                        .addString(status.name())
                        .addOffsetDateTime(utc(now))
                        .addUUID(dev.aval.platform.Ids.newId())
                        .addBigDecimal(hold.uncaptured())
                        .addBigDecimal(outstandingAfter)
                        .addBigDecimal(reservedAfter)
                        .addString(hold.orderId())
                        .addString(actor))
                .replaceWithVoid();
    }

    static Uni<Void> expire(SqlClient connection, Hold hold, Instant now) {
        return connection
                .preparedQuery(EXPIRE)
                .execute(Tuple.tuple()
                        .addUUID(hold.id())
                        .addUUID(hold.accountId())
                        .addString(hold.ended().name())
                        .addOffsetDateTime(utc(now))
                        .addOffsetDateTime(utc(hold.expiresAt()))
                        .addUUID(dev.aval.platform.Ids.newId())
                        .addBigDecimal(hold.uncaptured())
                        .addString(hold.orderId()))
                .replaceWithVoid();
    }

    /** Locks an account for the sweeper (by id alone); its distributor, or null when it does not exist. */
    static Uni<String> lockForExpiry(SqlClient connection, UUID accountId) {
        return connection
                .preparedQuery(LOCK_FOR_EXPIRY)
                .execute(Tuple.of(accountId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    static Uni<List<Hold>> due(SqlClient connection, UUID accountId, Instant now) {
        return connection
                .preparedQuery(DUE)
                .execute(Tuple.of(accountId, utc(now)))
                .map(HoldRepository::holds);
    }

    static Uni<Boolean> hasActive(SqlClient connection, UUID accountId, Instant now) {
        return connection
                .preparedQuery(HAS_ACTIVE)
                .execute(Tuple.of(accountId, utc(now)))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    static Uni<List<UUID>> accountsWithDueHolds(SqlClient client, Instant now, int max) {
        return client.preparedQuery(ACCOUNTS_WITH_DUE)
                .execute(Tuple.of(utc(now), max))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>(rows.size());
                    rows.forEach(row -> ids.add(row.getUUID(0)));
                    return ids;
                });
    }

    /** Whether the account exists in the distributor, and its hold if it has that one. */
    record Found(boolean account, Hold hold) {}

    static Uni<Found> find(SqlClient client, String distributorId, UUID accountId, UUID holdId) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(accountId, distributorId, holdId))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        return new Found(false, null);
                    }
                    Row row = it.next();
                    return new Found(true, row.getUUID("id") == null ? null : hold(row));
                });
    }

    /**
     * One page of the account's holds in id order (creation order), or null when the account does not
     * exist in the distributor: {@code size + 1} rows at most, the extra one telling another page exists.
     */
    static Uni<List<Hold>> pageOfAccount(
            SqlClient client,
            String distributorId,
            UUID accountId,
            HoldStatus status,
            Instant now,
            UUID after,
            int size) {
        Tuple args = Tuple.of(accountId, distributorId, utc(now), size + 1);
        StringBuilder on = new StringBuilder("h.account_id = a.id");
        if (status != null) {
            on.append(statusCondition(status, "$3"));
        }
        if (after != null) {
            args.addUUID(after);
            on.append(" and h.id > $5");
        }
        String sql = "select a.id as account, " + COLUMNS + """
                 from credit_account a
                 left join lateral (select * from credit_hold h where %s order by h.id limit $4) h on true
                 where a.id = $1 and a.distributor_id = $2 and $3::timestamptz is not null
                 order by h.id
                """.formatted(on);
        return client.preparedQuery(sql).execute(args).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            List<Hold> holds = new ArrayList<>(rows.size());
            for (Row row : rows) {
                if (row.getUUID("id") != null) {
                    holds.add(hold(row));
                }
            }
            return holds;
        });
    }

    /** One page of the distributor's holds, newest first, by order and status ({@code size + 1} rows at most). */
    static Uni<List<Hold>> pageOfDistributor(
            SqlClient client,
            String distributorId,
            String orderId,
            HoldStatus status,
            Instant now,
            UUID before,
            int size) {
        Tuple args = Tuple.of(distributorId, utc(now), size + 1);
        StringBuilder sql = new StringBuilder("select " + COLUMNS
                + " from credit_hold h where h.distributor_id = $1 and $2::timestamptz is not null");
        if (orderId != null) {
            args.addString(orderId);
            sql.append(" and h.order_id = $").append(args.size());
        }
        if (status != null) {
            sql.append(statusCondition(status, "$2"));
        }
        if (before != null) {
            args.addUUID(before);
            sql.append(" and h.id < $").append(args.size());
        }
        sql.append(" order by h.id desc limit $3");
        return client.preparedQuery(sql.toString()).execute(args).map(HoldRepository::holds);
    }

    private static List<Hold> holds(RowSet<Row> rows) {
        List<Hold> holds = new ArrayList<>(rows.size());
        for (Row row : rows) {
            holds.add(hold(row));
        }
        return holds;
    }

    private static Hold hold(Row row) {
        return new Hold(
                row.getUUID("id"),
                row.getUUID("account_id"),
                row.getString("order_id"),
                Money.of(row.getBigDecimal("amount")),
                Money.of(row.getBigDecimal("captured_amount")),
                HoldStatus.valueOf(row.getString("status")),
                instant(row.getOffsetDateTime("expires_at")),
                instant(row.getOffsetDateTime("created_at")));
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
