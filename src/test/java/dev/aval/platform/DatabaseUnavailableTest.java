package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** Which failures answer 503 SERVICE_UNAVAILABLE (the database went away) rather than 500. */
class DatabaseUnavailableTest {

    private static PgException pg(String sqlState) {
        return new PgException("message", "FATAL", sqlState, null);
    }

    @Test
    void theDatabaseGoingAwayIsUnavailability() {
        assertTrue(ProblemMappers.isDatabaseUnavailable(new ConnectException("Connection refused")));
        assertTrue(ProblemMappers.isDatabaseUnavailable(ClosedConnectionException.INSTANCE));
        assertTrue(ProblemMappers.isDatabaseUnavailable(new SocketException("Connection reset")));
        assertTrue(ProblemMappers.isDatabaseUnavailable(pg("57P01"))); // terminated by an administrator
        assertTrue(ProblemMappers.isDatabaseUnavailable(pg("57P03"))); // cannot connect now (starting up)
        assertTrue(ProblemMappers.isDatabaseUnavailable(pg("08006"))); // connection failure
        // a pooled connection whose backend was terminated, handed out before its close was seen
        assertTrue(ProblemMappers.isDatabaseUnavailable(
                new io.vertx.core.impl.NoStackTraceThrowable("Connection is not active now, current status: CLOSED")));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(ProblemMappers.isDatabaseUnavailable(pg("23505")));
        assertFalse(ProblemMappers.isDatabaseUnavailable(pg("22012")));
        assertFalse(ProblemMappers.isDatabaseUnavailable(new IllegalStateException("bug")));
    }
}
