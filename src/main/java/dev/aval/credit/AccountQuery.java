package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The account-level read that money changes rely on: what the account has reserved. (The account
 * itself is read by {@link AccountRepository}, locked by {@link AccountLockQuery}.)
 */
final class AccountQuery {

    private AccountQuery() {}

    /**
     * "reserved" (domain.md §4: the ACTIVE holds not yet expired at {@code at}) is the SQL function
     * {@code credit_reserved(account, at)} of V12, its one definition; every reader calls it.
     */
    static final String RESERVED = "select credit_reserved($1, $2) as reserved";

    /** The account's reserved at {@code at}, on the pool or a transaction's connection. */
    static Uni<BigDecimal> reserved(SqlClient client, UUID accountId, Instant at) {
        return client.preparedQuery(RESERVED)
                .execute(Tuple.of(accountId, at.atOffset(ZoneOffset.UTC)))
                .map(rows -> Money.orZero(rows.iterator().next().getBigDecimal("reserved")));
    }
}
