package dev.aval.platform;

import java.time.Duration;
import java.util.List;

import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgConnection;

/**
 * A pool connection kept for PostgreSQL's {@code LISTEN}: it listens to the given channels, hands
 * every notification to its {@link Handler}, and when the connection is lost (or cannot listen) it
 * tells the handler and listens again a second later, on a new connection, for as long as it is not
 * stopped. Notifications sent while nobody listened are gone: a handler that must not miss a change
 * reads what it may have missed when {@link Handler#listening} is called again.
 */
public final class PgListener {

    private static final Duration RETRY = Duration.ofSeconds(1);

    /** What a listener's owner does with it. Called on the connection's event loop. */
    public interface Handler {
        void notified(String channel, String payload);

        /** Listening (the first time, or again on a new connection) on the backend with this pid. */
        void listening(int backendPid);

        /** The connection is gone; listening again shortly. */
        default void lost() {}
    }

    private final Pool pool;
    private final Vertx vertx;
    private final String name;
    private final List<String> channels;
    private final Handler handler;
    private volatile SqlConnection connection;
    private volatile boolean stopped;

    private PgListener(Pool pool, Vertx vertx, String name, List<String> channels, Handler handler) {
        this.pool = pool;
        this.vertx = vertx;
        this.name = name;
        this.channels = List.copyOf(channels);
        this.handler = handler;
    }

    /** Starts listening; {@code name} prefixes its log lines. */
    public static PgListener start(Pool pool, Vertx vertx, String name, List<String> channels, Handler handler) {
        PgListener listener = new PgListener(pool, vertx, name, channels, handler);
        listener.listen();
        return listener;
    }

    /** True while a connection listens. */
    public boolean listening() {
        return connection != null;
    }

    public void stop() {
        stopped = true;
        SqlConnection c = connection;
        if (c != null) {
            c.closeAndForget();
        }
    }

    private void listen() {
        if (stopped) {
            return;
        }
        StringBuilder listen = new StringBuilder();
        channels.forEach(channel -> listen.append("listen ").append(channel).append("; "));
        pool.getConnection()
                .chain(c -> {
                    PgConnection pg = (PgConnection) c.getDelegate();
                    pg.notificationHandler(n -> handler.notified(n.getChannel(), n.getPayload()));
                    // only a connection that was listening is lost; one that failed to listen is retried below
                    pg.closeHandler(v -> {
                        if (connection == c) {
                            lost();
                        }
                    });
                    return c.query(listen.toString().trim())
                            .execute()
                            .onFailure()
                            .call(e -> c.close())
                            .invoke(() -> connection = c)
                            .replaceWith(pg.processId());
                })
                .subscribe()
                .with(handler::listening, e -> {
                    Log.warnf("%s: cannot listen (%s), retrying", name, e.toString());
                    vertx.setTimer(RETRY.toMillis(), t -> listen());
                });
    }

    private void lost() {
        connection = null;
        if (stopped) {
            return;
        }
        Log.warnf("%s: connection lost, listening again shortly", name);
        handler.lost();
        vertx.setTimer(RETRY.toMillis(), t -> listen());
    }
}
