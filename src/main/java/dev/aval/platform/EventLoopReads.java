package dev.aval.platform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * Hot read-only statements on one pipelined PostgreSQL connection per event loop — how the fastest
 * Vert.x services talk to PostgreSQL. The statement is sent, and its answer handled, on the thread
 * that serves the HTTP request: no hand-off to a pool connection living on another event loop, and
 * the concurrent requests of one loop share its connection, their statements pipelined (PostgreSQL
 * runs them back to back instead of waking up for each). The rows are mapped in the same callback,
 * so the caller's chain has a single Mutiny stage (each stage costs a context-propagation capture).
 * For eligibility this halves PostgreSQL's CPU per call and cuts a third of the service's
 * (docs/benchmarks.md).
 *
 * <p>Single statements outside any transaction only; everything else uses the {@link Pool}. Off an
 * event loop (a worker thread), or before the pool exists, the statement goes to the pool. A
 * connection that closes (database restart, network) is forgotten and the next call opens a new
 * one; a call that fails is not retried — the caller sees the failure as with the pool (503).
 */
@Singleton
public class EventLoopReads {

    private final Map<Thread, Future<PgConnection>> connections = new ConcurrentHashMap<>();

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @Inject
    PoolCreator poolCreator;

    /** Executes a prepared statement and maps its rows: on the event loop's own connection when on one, else on the pool. */
    public <T> Uni<T> execute(String sql, Tuple arguments, Function<RowSet<Row>, T> mapper) {
        return Uni.createFrom().emitter(emitter -> rows(sql, arguments).onComplete(result -> {
            if (result.failed()) {
                emitter.fail(result.cause());
                return;
            }
            T mapped;
            try {
                mapped = mapper.apply(result.result());
            } catch (RuntimeException e) {
                emitter.fail(e);
                return;
            }
            emitter.complete(mapped);
        }));
    }

    private Future<RowSet<Row>> rows(String sql, Tuple arguments) {
        Context context = Vertx.currentContext();
        PgConnectOptions options = poolCreator.connectOptions();
        if (context == null || !context.isEventLoopContext() || options == null) {
            return pool.getDelegate().preparedQuery(sql).execute(arguments);
        }
        Future<PgConnection> connection = connection(context, options);
        if (connection.succeeded()) {
            return connection.result().preparedQuery(sql).execute(arguments);
        }
        // still connecting: send the statement from the request's own context once connected
        Promise<RowSet<Row>> rows = Promise.promise();
        connection.onComplete(opened -> context.runOnContext(ignored -> send(opened, sql, arguments).onComplete(rows)));
        return rows.future();
    }

    private static Future<RowSet<Row>> send(AsyncResult<PgConnection> connection, String sql, Tuple arguments) {
        return connection.failed() ? Future.failedFuture(connection.cause())
                : connection.result().preparedQuery(sql).execute(arguments);
    }

    private Future<PgConnection> connection(Context context, PgConnectOptions options) {
        Thread loop = Thread.currentThread();
        Future<PgConnection> existing = connections.get(loop);
        if (existing != null && !existing.failed()) {
            return existing;
        }
        Promise<PgConnection> opening = Promise.promise();
        Future<PgConnection> future = opening.future();
        connections.put(loop, future);
        // opened on the loop's root context, so the connection lives on this thread, not on a request
        VertxContext.getRootContext(context).runOnContext(ignored -> PgConnection.connect(vertx, options)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        result.result().closeHandler(closed -> connections.remove(loop, future));
                        opening.complete(result.result());
                    } else {
                        connections.remove(loop, future);
                        opening.fail(result.cause());
                    }
                }));
        return future;
    }
}
