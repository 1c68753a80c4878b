package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.aval.platform.Ids;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends entries to an account's statement, under the account's lock ({@link AccountLockQuery#lock}),
 * on the transaction's connection. How an entry is dated is written once, in SQL
 * ({@code credit_entry_at}, V12): at the unit of work's now (never before {@code notBefore}) and
 * strictly after the account's previous entry, so "oldest first" is the order in which the
 * movements were applied — also when instances' clocks differ by a few milliseconds. HOLD_EXPIRED
 * is the one exception: it is dated at the hold's expiresAt (the sweeper's own statement).
 */
final class StatementWriter {

    /** One movement of the statement, its balances right after it (see {@link StatementEntry} for the signs). */
    record Movement(
            UUID accountId,
            EntryType type,
            BigDecimal amount,
            BigDecimal outstandingAfter,
            BigDecimal reservedAfter,
            String reference,
            String reason,
            String actor) {}

    static final String APPEND = """
            insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                reference, reason, actor, occurred_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, credit_entry_at($2, $10))
            """;

    private StatementWriter() {}

    /** Appends the movement, dated by {@code credit_entry_at(account, notBefore)}. */
    static Uni<Void> append(SqlClient connection, Movement m, Instant notBefore) {
        return connection
                .preparedQuery(APPEND)
                .execute(Tuple.tuple()
                        .addUUID(Ids.newId())
                        .addUUID(m.accountId())
                        .addString(m.type().name())
                        .addBigDecimal(Money.of(m.amount()))
                        .addBigDecimal(Money.of(m.outstandingAfter()))
                        .addBigDecimal(Money.of(m.reservedAfter()))
                        .addString(m.reference())
                        .addString(m.reason())
                        .addString(m.actor())
                        .addOffsetDateTime(notBefore.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }
}
