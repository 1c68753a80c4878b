package dev.aval.imports;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/**
 * A failure of the database rather than of the rows: the connection went away (reset, failover,
 * a backend terminated, PostgreSQL restarting, no connection in time) or the transaction lost a
 * race (deadlock, serialization failure). The same statements succeed once it is over, so such a
 * failure must neither fail a row nor the job. The connection part is the rule by which the API
 * answers 503 ({@code ProblemMappers.isDatabaseUnavailable}, not visible from here);
 * {@code TransientFailureTest} keeps the two in step.
 */
final class TransientFailure {

    private TransientFailure() {
    }

    /** True when {@code failure}, or any of its causes, is transient. */
    static boolean is(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 32; t = t.getCause() == t ? null : t.getCause()) {
            if (databaseUnavailable(t) || lostARace(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean databaseUnavailable(Throwable t) {
        if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof TimeoutException
                || t instanceof io.netty.channel.ConnectTimeoutException || t instanceof java.net.SocketException
                || t instanceof java.nio.channels.ClosedChannelException) {
            return true;
        }
        // PostgreSQL going away: connection exceptions (08…), shutdowns and "cannot connect now" (57P…)
        String state = t instanceof PgException pg ? pg.getSqlState() : null;
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true;
        }
        String name = t.getClass().getName();
        String message = String.valueOf(t.getMessage());
        return name.endsWith("NoStackTraceThrowable") && message.contains("Timeout")
                || name.endsWith("NoStackTraceTimeoutException")
                || message.contains("Connection refused") || message.contains("Failed to connect")
                || t instanceof io.vertx.core.VertxException && message.contains("Timeout waiting for connection");
    }

    /** serialization_failure (40001) and deadlock_detected (40P01): PostgreSQL asks for the transaction again. */
    private static boolean lostARace(Throwable t) {
        return t instanceof PgException pg && ("40001".equals(pg.getSqlState()) || "40P01".equals(pg.getSqlState()));
    }
}
