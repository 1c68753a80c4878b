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
 * one; a call that fails is not retried — the caller sees the failure as with the pool (503). Like
 * the pool's, a connection idle longer than {@code quarkus.datasource.reactive.idle-timeout} or open
 * longer than {@code max-lifetime} is replaced (closed once its last statement has answered).
 */
@Singleton
public class EventLoopReads {

    /** The connection of one event loop; touched only on that loop's thread. */
    private static final class LoopConnection {
        final Future<PgConnection> connection;
        final long openedAt;
        long lastUsedAt;
        int inFlight;
        boolean retired;

        LoopConnection(Future<PgConnection> connection, long now) {
            this.connection = connection;
            this.openedAt = now;
            this.lastUsedAt = now;
        }

        /** Closes it once its last statement has answered (at once when idle). */
        void retire() {
            retired = true;
            closeIfDone();
        }

        void finished() {
            inFlight--;
            closeIfDone();
        }

        private void closeIfDone() {
            if (retired && inFlight == 0 && connection.succeeded()) {
                connection.result().close();
            }
        }
    }

    private final Map<Thread, LoopConnection> connections = new ConcurrentHashMap<>();

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
        long now = System.nanoTime();
        LoopConnection current = current(context, options, now);
        current.lastUsedAt = now;
        current.inFlight++;
        Future<RowSet<Row>> rows;
        if (current.connection.succeeded()) {
            rows = current.connection.result().preparedQuery(sql).execute(arguments);
        } else {
            // still connecting: send the statement from the request's own context once connected
            Promise<RowSet<Row>> later = Promise.promise();
            current.connection.onComplete(opened -> context.runOnContext(ignored -> send(opened, sql, arguments).onComplete(later)));
            rows = later.future();
        }
        return rows.onComplete(done -> current.finished());
    }

    private static Future<RowSet<Row>> send(AsyncResult<PgConnection> connection, String sql, Tuple arguments) {
        return connection.failed() ? Future.failedFuture(connection.cause())
                : connection.result().preparedQuery(sql).execute(arguments);
    }

    /** This loop's connection: the open one, or a new one when there is none, it failed or it expired. */
    private LoopConnection current(Context context, PgConnectOptions options, long now) {
        Thread loop = Thread.currentThread();
        LoopConnection existing = connections.get(loop);
        if (existing != null && !existing.connection.failed() && !(existing.connection.succeeded()
                && poolCreator.lifetime().expired(existing.openedAt, existing.lastUsedAt, now))) {
            return existing;
        }
        if (existing != null) {
            connections.remove(loop, existing);
            existing.retire();
        }
        Promise<PgConnection> opening = Promise.promise();
        LoopConnection created = new LoopConnection(opening.future(), now);
        connections.put(loop, created);
        // opened on the loop's root context, so the connection lives on this thread, not on a request
        VertxContext.getRootContext(context).runOnContext(ignored -> PgConnection.connect(vertx, options)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        result.result().closeHandler(closed -> connections.remove(loop, created));
                        opening.complete(result.result());
                    } else {
                        connections.remove(loop, created);
                        opening.fail(result.cause());
                    }
                }));
        return created;
    }
}
