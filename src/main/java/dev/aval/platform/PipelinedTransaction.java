package dev.aval.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A transaction whose statements are pipelined on its connection. Vert.x's own transaction
 * ({@code pool.withTransaction}) sends one statement at a time, each after the answer to the one
 * before, BEGIN and COMMIT included: the hold path's eight statements were eight round trips. Here
 * {@code BEGIN} goes out with the work's first statements, statements the work sends together
 * ({@code Uni.combine()}) go out together, and {@code COMMIT} goes out with the work's last
 * statement — a hold is the Idempotency-Key claim then three round trips.
 *
 * <p>PostgreSQL runs pipelined statements in order, and once one fails the transaction is aborted:
 * every later statement fails and a {@code COMMIT} rolls back. So a check that must stop the
 * commit is made by a statement that fails in the database (never by Java code looking at an
 * answer that arrives after the {@code COMMIT} was sent); on a failure before the {@code COMMIT} a
 * {@code ROLLBACK} follows, and the failure is the result. {@link #onCommit} is this transaction's
 * {@code Transaction.completion()}: what must happen only once the change is visible.
 *
 * <p>It always runs to its COMMIT or ROLLBACK, even when its caller goes away (a client closing
 * the request cancels the caller's {@code Uni}): {@code pool.withConnection} subscribes to the work
 * on its own, as {@code pool.withTransaction} does, and hands the connection back only after.
 */
public final class PipelinedTransaction {

    private static final Map<SqlConnection, PipelinedTransaction> OPEN = new ConcurrentHashMap<>();

    private final List<Runnable> committed = new ArrayList<>();
    /** COMMIT was written: PostgreSQL ends the transaction whatever came before it (a failure: ROLLBACK). */
    private boolean commitSent;

    private PipelinedTransaction() {}

    /**
     * Runs {@code work} in a transaction on a pool connection, then sends {@code last(result)}'s
     * statement and {@code COMMIT} together.
     *
     * @param work the transaction's statements; its failure rolls everything back
     * @param last one more statement on the connection, sent with the COMMIT (it must fail in the
     *     database, not in Java, to stop the commit)
     */
    public static <T> Uni<T> run(
            Pool pool, Function<SqlConnection, Uni<T>> work, BiFunction<SqlConnection, T, Uni<?>> last) {
        return pool.withConnection(connection -> {
            PipelinedTransaction transaction = new PipelinedTransaction();
            OPEN.put(connection, transaction);
            return Uni.combine()
                    .all()
                    .unis(
                            connection.query("BEGIN").execute(),
                            // deferred: its first statements are sent right after BEGIN, not before
                            Uni.createFrom().deferred(() -> work.apply(connection)))
                    .asTuple()
                    .map(begunAndDone -> begunAndDone.getItem2())
                    .chain(result -> Uni.combine()
                            .all()
                            .unis(
                                    last.apply(connection, result),
                                    Uni.createFrom().deferred(() -> {
                                        transaction.commitSent = true;
                                        return connection.query("COMMIT").execute();
                                    }))
                            .asTuple()
                            .replaceWith(result))
                    .invoke(transaction::committed)
                    .onFailure()
                    // once COMMIT was sent the transaction is over (rolled back if a statement
                    // failed); before, this ends it, so the connection goes back to the pool clean
                    .call(() -> transaction.commitSent
                            ? Uni.createFrom().voidItem()
                            : connection.query("ROLLBACK").execute().onFailure().recoverWithNull())
                    .eventually(() -> OPEN.remove(connection));
        });
    }

    /**
     * Runs {@code action} once the pipelined transaction open on {@code connection} commits (never
     * when it rolls back); false, and nothing done, when none is open on it.
     */
    public static boolean onCommit(SqlConnection connection, Runnable action) {
        PipelinedTransaction transaction = OPEN.get(connection);
        if (transaction == null) {
            return false;
        }
        transaction.committed.add(action);
        return true;
    }

    /** The after-commit actions: one failing neither stops the others nor fails what committed. */
    private void committed() {
        for (Runnable action : committed) {
            try {
                action.run();
            } catch (RuntimeException e) {
                Log.error("an action after a commit failed", e);
            }
        }
    }
}
