package dev.aval.credit;

import java.math.BigDecimal;
import java.util.UUID;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Credit accounts in SQL on the reactive pool (docs/architecture.md): the account-level reads and
 * writes of the account and invoice services. The lock of a change of money is
 * {@link AccountLocks#lock}; what is written here under it is the account's own columns.
 */
final class AccountRepository {

    static final String EXISTS = "select 1 from credit_account where id = $1 and distributor_id = $2";

    static final String ADD_OUTSTANDING = """
            update credit_account set outstanding = outstanding + $2 where id = $1 returning outstanding
            """;

    private AccountRepository() {
    }

    /** Nothing, or 404 CREDIT_ACCOUNT_NOT_FOUND when the distributor has no such account. */
    static Uni<Void> requireExists(SqlClient client, String distributorId, UUID accountId) {
        return client.preparedQuery(EXISTS).execute(Tuple.of(accountId, distributorId)).map(rows -> {
            if (rows.size() == 0) {
                throw AccountLocks.accountNotFound(accountId);
            }
            return null;
        });
    }

    /** Adds {@code delta} to the locked account's outstanding; returns the new outstanding. */
    static Uni<BigDecimal> addOutstanding(SqlClient client, UUID accountId, BigDecimal delta) {
        return client.preparedQuery(ADD_OUTSTANDING).execute(Tuple.of(accountId, Money.of(delta)))
                .map(rows -> Money.of(rows.iterator().next().getBigDecimal("outstanding")));
    }
}
