package dev.aval.imports;

import dev.aval.platform.ProblemMappers;
import io.vertx.pgclient.PgException;

/**
 * A failure of the database rather than of the rows: the connection went away (reset, failover,
 * a backend terminated, PostgreSQL restarting, no connection in time) or the transaction lost a
 * race (deadlock, serialization failure). The same statements succeed once it is over, so such a
 * failure must neither fail a row nor the job; neither must a stored file the database did not
 * give back ({@link StoredFile.Unavailable}). The connection part is the rule by which the API
 * answers 503 ({@link ProblemMappers#isDatabaseUnavailable}).
 */
final class TransientFailure {

    private TransientFailure() {}

    /** True when {@code failure}, or any of its causes, is transient. */
    static boolean is(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 32; t = t.getCause() == t ? null : t.getCause()) {
            if (ProblemMappers.isDatabaseUnavailable(t) || lostARace(t) || t instanceof StoredFile.Unavailable) {
                return true;
            }
        }
        return false;
    }

    /** serialization_failure (40001) and deadlock_detected (40P01): PostgreSQL asks for the transaction again. */
    private static boolean lostARace(Throwable t) {
        return t instanceof PgException pg && ("40001".equals(pg.getSqlState()) || "40P01".equals(pg.getSqlState()));
    }
}
