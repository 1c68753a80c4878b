package dev.aval.support;

import static dev.aval.support.Waits.TIMEOUT;

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

    /** How many backends wait for a lock this one holds: the requests stalled on the account. */
    public long waiters() {
        return connection
                .query("select count(*) from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))")
                .execute()
                .await()
                .atMost(TIMEOUT)
                .iterator()
                .next()
                .getLong(0);
    }

    public static AccountLock hold(Pool pool, String accountId) {
        SqlConnection connection = pool.getConnection().await().atMost(TIMEOUT);
        Transaction transaction = connection.begin().await().atMost(TIMEOUT);
        connection
                .preparedQuery("select 1 from credit_account where id = $1 for update")
                .execute(Tuple.of(UUID.fromString(accountId)))
                .await()
                .atMost(TIMEOUT);
        return new AccountLock(connection, transaction);
    }

    /** Lets the waiting requests go on. */
    public void release() {
        transaction.rollback().await().atMost(TIMEOUT);
    }

    @Override
    public void close() {
        connection.close().await().atMost(TIMEOUT);
    }
}
