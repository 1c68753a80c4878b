package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.aval.platform.DocumentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Credit accounts, their holders and their statement's reads, in SQL on the reactive pool
 * (docs/architecture.md): the one class that maps their rows, to {@link CreditAccount},
 * {@link HolderView} and {@link StatementView.Entry}. A change of an account's own data or money
 * runs under {@link AccountLockQuery#lock} on its transaction's connection; statement entries are
 * appended by {@link StatementWriter}.
 */
final class AccountRepository {

    static final String COLUMNS = """
            a.id, a.distributor_id, a.document, a.document_type, a.email, a.status, a.credit_limit, a.tolerance,
            a.outstanding, a.version, a.created_at, a.updated_at, a.closed_at""";

    /** The account and its reserved at $3 ({@code credit_reserved}, the one definition). */
    static final String FIND = "select " + COLUMNS + ", credit_reserved(a.id, $3) as reserved from credit_account a"
            + " where a.id = $1 and a.distributor_id = $2";

    static final String SEARCH = "select " + COLUMNS + ", credit_reserved(a.id, $2) as reserved from credit_account a"
            + " where a.distributor_id = $1";

    static final String EXISTS = "select 1 from credit_account where id = $1 and distributor_id = $2";

    static final String OPEN_EXISTS = """
            select 1 from credit_account where distributor_id = $1 and document = $2 and status = 'OPEN' and id <> $3
            """;

    static final String INSERT = """
            insert into credit_account (id, distributor_id, document, document_type, email, status, credit_limit, tolerance,
                                        outstanding, version, created_at, updated_at)
            values ($1, $2, $3, $4, $5, 'OPEN', $6, $7, 0, 1, $8, $8)
            """;

    static final String UPDATE = """
            update credit_account set email = $2, document = $3, document_type = $4, credit_limit = $5, tolerance = $6,
                   status = $7, version = $8, updated_at = $9, closed_at = $10
             where id = $1
            """;

    static final String TOUCH = "update credit_account set version = version + 1, updated_at = $2 where id = $1";

    static final String ADD_OUTSTANDING = """
            update credit_account set outstanding = outstanding + $2 where id = $1 returning outstanding
            """;

    static final String HOLDERS = """
            select id, account_id, email from credit_account_holder where account_id = any($1) order by id
            """;

    static final String HOLDER_EXISTS =
            "select 1 from credit_account_holder where account_id = $1 and lower(email) = $2";

    static final String INSERT_HOLDER = """
            insert into credit_account_holder (id, account_id, email, created_at) values ($1, $2, $3, $4)
            """;

    static final String DELETE_HOLDER =
            "delete from credit_account_holder where id = $1 and account_id = $2 returning email";

    static final String ENTRIES = """
            select id, type, amount, outstanding_after, reserved_after, reference, reason, actor, occurred_at
              from credit_statement_entry where account_id = $1""";

    static final String TOTALS = """
            select type, sum(amount) as amount, count(*) as entries from credit_statement_entry where account_id = $1""";

    /** An account with its reserved, as read. */
    record Found(CreditAccount account, BigDecimal reserved) {}

    private AccountRepository() {}

    /** The distributor's account with its reserved at {@code at}, or null. */
    static Uni<Found> find(SqlClient client, String distributorId, UUID accountId, Instant at) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(accountId, distributorId, at.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.size() == 0 ? null : found(rows.iterator().next()));
    }

    /**
     * The distributor's accounts in id order after {@code afterId}, {@code fetch} at most; {@code email}
     * (lower case) is the account's or a holder's.
     */
    static Uni<List<Found>> search(
            SqlClient client,
            String distributorId,
            String document,
            String email,
            AccountStatus status,
            UUID afterId,
            int fetch,
            Instant at) {
        StringBuilder sql = new StringBuilder(SEARCH);
        Tuple args = Tuple.of(distributorId, at.atOffset(ZoneOffset.UTC));
        if (document != null) {
            args.addString(document);
            sql.append(" and a.document = $").append(args.size());
        }
        if (email != null) {
            args.addString(email.toLowerCase(Locale.ROOT));
            int n = args.size();
            sql.append(" and (lower(a.email) = $")
                    .append(n)
                    .append(" or exists (select 1 from credit_account_holder h")
                    .append(" where h.account_id = a.id and lower(h.email) = $")
                    .append(n)
                    .append("))");
        }
        if (status != null) {
            args.addString(status.name());
            sql.append(" and a.status = $").append(args.size());
        }
        if (afterId != null) {
            args.addUUID(afterId);
            sql.append(" and a.id > $").append(args.size());
        }
        args.addInteger(fetch);
        sql.append(" order by a.id limit $").append(args.size());
        return client.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<Found> list = new ArrayList<>(rows.size());
            for (Row row : rows) {
                list.add(found(row));
            }
            return list;
        });
    }

    /** Nothing, or 404 CREDIT_ACCOUNT_NOT_FOUND when the distributor has no such account. */
    static Uni<Void> requireExists(SqlClient client, String distributorId, UUID accountId) {
        return client.preparedQuery(EXISTS)
                .execute(Tuple.of(accountId, distributorId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw AccountLockQuery.accountNotFound(accountId);
                    }
                    return null;
                });
    }

    /** Whether the distributor has an OPEN account for the document, other than {@code except}. */
    static Uni<Boolean> openExists(SqlClient client, String distributorId, String document, UUID except) {
        return client.preparedQuery(OPEN_EXISTS)
                .execute(Tuple.of(distributorId, document, except == null ? new UUID(0, 0) : except))
                .map(rows -> rows.size() > 0);
    }

    static Uni<Void> insert(SqlClient client, CreditAccount a) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.tuple()
                        .addUUID(a.id())
                        .addString(a.distributorId())
                        .addString(a.document())
                        .addString(a.documentType().name())
                        .addString(a.email())
                        .addBigDecimal(Money.of(a.creditLimit()))
                        .addBigDecimal(Money.tolerance(a.tolerance()))
                        .addOffsetDateTime(a.createdAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Stores the account's own data as changed under its lock (outstanding is left to {@link #addOutstanding}). */
    static Uni<Void> update(SqlClient client, CreditAccount a) {
        return client.preparedQuery(UPDATE)
                .execute(Tuple.tuple()
                        .addUUID(a.id())
                        .addString(a.email())
                        .addString(a.document())
                        .addString(a.documentType().name())
                        .addBigDecimal(Money.of(a.creditLimit()))
                        .addBigDecimal(Money.tolerance(a.tolerance()))
                        .addString(a.status().name())
                        .addLong(a.version())
                        .addOffsetDateTime(a.updatedAt().atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(
                                a.closedAt() == null ? null : a.closedAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** One version more (a holder added or removed). */
    static Uni<Void> touch(SqlClient client, UUID accountId, Instant now) {
        return client.preparedQuery(TOUCH)
                .execute(Tuple.of(accountId, now.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** Adds {@code delta} to the locked account's outstanding; returns the new outstanding. */
    static Uni<BigDecimal> addOutstanding(SqlClient client, UUID accountId, BigDecimal delta) {
        return client.preparedQuery(ADD_OUTSTANDING)
                .execute(Tuple.of(accountId, Money.of(delta)))
                .map(rows -> Money.of(rows.iterator().next().getBigDecimal("outstanding")));
    }

    /** The accounts' holders by account, in id order. */
    static Uni<Map<UUID, List<HolderView>>> holders(SqlClient client, List<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return client.preparedQuery(HOLDERS)
                .execute(Tuple.tuple().addArrayOfUUID(accountIds.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<HolderView>> byAccount = new HashMap<>();
                    for (Row row : rows) {
                        byAccount
                                .computeIfAbsent(row.getUUID("account_id"), k -> new ArrayList<>())
                                .add(new HolderView(row.getUUID("id"), row.getString("email")));
                    }
                    return byAccount;
                });
    }

    static Uni<Boolean> holderExists(SqlClient client, UUID accountId, String email) {
        return client.preparedQuery(HOLDER_EXISTS)
                .execute(Tuple.of(accountId, email.toLowerCase(Locale.ROOT)))
                .map(rows -> rows.size() > 0);
    }

    static Uni<Void> insertHolder(SqlClient client, UUID accountId, HolderView holder, Instant now) {
        return client.preparedQuery(INSERT_HOLDER)
                .execute(Tuple.of(holder.id(), accountId, holder.email(), now.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    /** The removed holder's email, or null when the account had no such holder. */
    static Uni<String> deleteHolder(SqlClient client, UUID accountId, UUID holderId) {
        return client.preparedQuery(DELETE_HOLDER)
                .execute(Tuple.of(holderId, accountId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("email"));
    }

    /** A page of the statement in (occurredAt, id) order within [from, to), after the cursor; {@code fetch} at most. */
    static Uni<List<StatementView.Entry>> entries(
            SqlClient client, UUID accountId, Instant from, Instant to, StatementCursor after, int fetch) {
        Tuple args = Tuple.of(accountId);
        StringBuilder sql = new StringBuilder(ENTRIES).append(range(args, from, to));
        if (after != null) {
            args.addOffsetDateTime(after.occurredAt().atOffset(ZoneOffset.UTC)).addUUID(after.id());
            sql.append(" and (occurred_at, id) > ($")
                    .append(args.size() - 1)
                    .append(", $")
                    .append(args.size())
                    .append(')');
        }
        args.addInteger(fetch);
        sql.append(" order by occurred_at, id limit $").append(args.size());
        return client.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<StatementView.Entry> list = new ArrayList<>(rows.size());
            for (Row row : rows) {
                list.add(new StatementView.Entry(
                        row.getUUID("id"),
                        EntryType.valueOf(row.getString("type")),
                        Money.of(row.getBigDecimal("amount")),
                        Money.of(row.getBigDecimal("outstanding_after")),
                        Money.of(row.getBigDecimal("reserved_after")),
                        row.getString("reference"),
                        row.getString("reason"),
                        row.getString("actor"),
                        row.getOffsetDateTime("occurred_at").toInstant()));
            }
            return list;
        });
    }

    /** The statement's totals over [from, to). */
    static Uni<StatementView.Totals> totals(SqlClient client, UUID accountId, Instant from, Instant to) {
        Tuple args = Tuple.of(accountId);
        String sql = TOTALS + range(args, from, to) + " group by type";
        return client.preparedQuery(sql).execute(args).map(rows -> {
            Map<EntryType, BigDecimal> byType = new EnumMap<>(EntryType.class);
            long entries = 0;
            for (Row row : rows) {
                byType.put(EntryType.valueOf(row.getString("type")), Money.orZero(row.getBigDecimal("amount")));
                entries += row.getLong("entries");
            }
            return StatementView.Totals.of(entries, byType);
        });
    }

    private static String range(Tuple args, Instant from, Instant to) {
        StringBuilder sql = new StringBuilder();
        if (from != null) {
            args.addOffsetDateTime(from.atOffset(ZoneOffset.UTC));
            sql.append(" and occurred_at >= $").append(args.size());
        }
        if (to != null) {
            args.addOffsetDateTime(to.atOffset(ZoneOffset.UTC));
            sql.append(" and occurred_at < $").append(args.size());
        }
        return sql.toString();
    }

    /** The rows as accounts with their reserved (the columns {@link #COLUMNS} and {@code reserved}). */
    static List<Found> founds(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<Found> list = new ArrayList<>(rows.size());
        for (Row row : rows) {
            list.add(found(row));
        }
        return list;
    }

    private static Found found(Row row) {
        Instant closedAt = row.getOffsetDateTime("closed_at") == null
                ? null
                : row.getOffsetDateTime("closed_at").toInstant();
        CreditAccount a = new CreditAccount(
                row.getUUID("id"),
                row.getString("distributor_id"),
                row.getString("document"),
                DocumentType.valueOf(row.getString("document_type")),
                row.getString("email"),
                AccountStatus.valueOf(row.getString("status")),
                Money.of(row.getBigDecimal("credit_limit")),
                Money.tolerance(row.getBigDecimal("tolerance")),
                Money.of(row.getBigDecimal("outstanding")),
                row.getLong("version"),
                row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant(),
                closedAt);
        return new Found(a, Money.orZero(row.getBigDecimal("reserved")));
    }
}
