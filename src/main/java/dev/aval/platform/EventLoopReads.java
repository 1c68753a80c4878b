package dev.aval.platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
import io.vertx.core.impl.ContextInternal;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * Hot read-only statements on one pipelined PostgreSQL connection per event loop — how the fastest
 * Vert.x services talk to PostgreSQL. The statement is sent, and its answer handled, on the thread
 * that serves the HTTP request: no hand-off to a pool connection living on another event loop, and
 * the concurrent requests of one loop share its connection. A statement finding its connection with
 * nothing in flight leaves at once; those arriving while a batch is in flight queue up and leave
 * together when it has answered, as the next batch (group commit): each statement bound and
 * executed on its own, with a single Sync, so PostgreSQL commits, answers and wakes the service
 * once per batch instead of once per statement. Batches grow with the load by themselves — one
 * statement at a time when calls are rare, as many as the loop's concurrent calls when PostgreSQL
 * is the bottleneck — and a queued statement waits only for the batches already in flight.
 * Each caller gets its own rows on its own Vert.x context, mapped in the same callback, so its chain
 * has a single Mutiny stage (each stage costs a context-propagation capture). For eligibility this
 * took PostgreSQL's CPU per call from 87 to ~20 µs and the service's from 83 to ~40 µs
 * (docs/benchmarks.md).
 *
 * <p>The statements of a batch share PostgreSQL's implicit transaction, so one that PostgreSQL
 * refuses fails those after it: the batch is then sent again one statement at a time, and only the
 * refused one fails. Single read-only statements outside any transaction only; everything else
 * uses the {@link Pool}. Off an event loop (a worker thread), or before the pool exists, the
 * statement goes to the pool. A connection that closes (database restart, network) is forgotten
 * and the next call opens a new one; a statement lost with its connection is not retried — the
 * caller sees the failure as with the pool (503). Like the pool's, a connection idle longer than
 * {@code quarkus.datasource.reactive.idle-timeout} or open longer than {@code max-lifetime} is
 * replaced (closed once its last statement has answered).
 */
@Singleton
public class EventLoopReads implements HotReads {

    /** The connection of one event loop; touched only on that loop's thread. */
    private static final class LoopConnection {
        final Future<PgConnection> connection;
        final long openedAt;
        long lastUsedAt;
        int inFlight;
        boolean retired;
        /** Batches sent and not answered yet. */
        int batchesInFlight;
        /** Statements that arrived while a batch was in flight (or the connection was opening): the next batches. */
        final ArrayDeque<Batch> queued = new ArrayDeque<>();

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

    /** One statement waiting in a batch, answered on its caller's context. */
    private record Waiting(ContextInternal context, Tuple arguments, Promise<RowSet<Row>> promise) {

        /**
         * Completes it on the caller's context (its request id, its CDI request scope), on this same
         * thread: {@code ContextInternal#emit} is Vert.x's internal API, the one its SQL client answers with.
         */
        void answer(AsyncResult<RowSet<Row>> result) {
            context.emit(result, promise::handle);
        }
    }

    private record Batch(String sql, List<Waiting> waiting) {
    }

    /** A queue of more statements than this leaves as several batches (PostgreSQL answers each batch as a whole). */
    static final int MAX_BATCH = 64;

    private final Map<Thread, LoopConnection> connections = new ConcurrentHashMap<>();

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @Inject
    PoolCreator poolCreator;

    /** Executes a prepared statement and maps its rows: on the event loop's own connection when on one, else on the pool. */
    @Override
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
        Future<RowSet<Row>> rows = enqueue(current, (ContextInternal) context, sql, arguments);
        return rows.onComplete(done -> current.finished());
    }

    /**
     * Sends the statement at once when its connection has nothing in flight; otherwise it joins the
     * next batch, sent when the batches in flight have answered.
     */
    private static Future<RowSet<Row>> enqueue(LoopConnection current, ContextInternal context, String sql, Tuple arguments) {
        Waiting statement = new Waiting(context, arguments, Promise.promise());
        if (current.batchesInFlight == 0 && current.connection.succeeded()) {
            send(current, new Batch(sql, List.of(statement)));
        } else {
            Batch last = current.queued.peekLast();
            if (last == null || !last.sql().equals(sql) || last.waiting().size() >= MAX_BATCH) {
                last = new Batch(sql, new ArrayList<>());
                current.queued.add(last);
            }
            last.waiting().add(statement);
        }
        return statement.promise().future();
    }

    /** Sends every queued batch (pipelined): called once nothing is in flight, or when the connection opens. */
    private static void sendQueued(LoopConnection current) {
        Batch batch;
        while ((batch = current.queued.poll()) != null) {
            send(current, batch);
        }
    }

    private static void send(LoopConnection current, Batch batch) {
        PgConnection connection = current.connection.result();
        List<Waiting> waiting = batch.waiting();
        current.batchesInFlight++;
        if (waiting.size() == 1) {
            connection.preparedQuery(batch.sql()).execute(waiting.get(0).arguments()).onComplete(result -> {
                waiting.get(0).answer(result);
                batchAnswered(current);
            });
            return;
        }
        List<Tuple> arguments = new ArrayList<>(waiting.size());
        for (Waiting statement : waiting) {
            arguments.add(statement.arguments());
        }
        connection.preparedQuery(batch.sql()).executeBatch(arguments).onComplete(result -> {
            if (result.succeeded()) {
                RowSet<Row> rows = result.result();
                for (Waiting statement : waiting) {
                    statement.answer(Future.succeededFuture(rows));
                    rows = rows.next();
                }
            } else if (result.cause() instanceof PgException) {
                // PostgreSQL refused one statement and skipped the rest: each on its own, so only that one fails
                for (Waiting statement : waiting) {
                    sendAlone(connection, batch.sql(), statement);
                }
            } else {
                for (Waiting statement : waiting) {
                    statement.answer(result);
                }
            }
            batchAnswered(current);
        });
    }

    private static void batchAnswered(LoopConnection current) {
        if (--current.batchesInFlight == 0) {
            sendQueued(current);
        }
    }

    private static void sendAlone(PgConnection connection, String sql, Waiting statement) {
        connection.preparedQuery(sql).execute(statement.arguments()).onComplete(statement::answer);
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
                        sendQueued(created);
                    } else {
                        connections.remove(loop, created);
                        opening.fail(result.cause());
                        Batch batch;
                        while ((batch = created.queued.poll()) != null) {
                            batch.waiting().forEach(statement -> statement.answer(Future.failedFuture(result.cause())));
                        }
                    }
                }));
        return created;
    }
}
