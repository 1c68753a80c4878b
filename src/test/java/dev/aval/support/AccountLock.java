package dev.aval.support;

import java.util.UUID;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A credit account's row lock held from outside the service, as a concurrent transaction would:
 * every request that locks the account waits until {@link #release()}.
 */
public final class AccountLock implements AutoCloseable {

    private final SqlConnection connection;
    private final Transaction transaction;

    private AccountLock(SqlConnection connection, Transaction transaction) {
        this.connection = connection;
        this.transaction = transaction;
    }

    public static AccountLock hold(Pool pool, String accountId) {
        SqlConnection connection = pool.getConnection().await().indefinitely();
        Transaction transaction = connection.begin().await().indefinitely();
        connection.preparedQuery("select 1 from credit_account where id = $1 for update")
                .execute(Tuple.of(UUID.fromString(accountId))).await().indefinitely();
        return new AccountLock(connection, transaction);
    }

    /** Lets the waiting requests go on. */
    public void release() {
        transaction.rollback().await().indefinitely();
    }

    @Override
    public void close() {
        connection.close().await().indefinitely();
    }
}
