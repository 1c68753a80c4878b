package dev.aval.imports;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** Which failures of a chunk are the database's (retried, never row errors) and which the rows'. */
class TransientFailureTest {

    private static PgException pg(String sqlState) {
        return new PgException("message", "FATAL", sqlState, null);
    }

    private static final List<Throwable> DATABASE_AWAY = List.of(
            new ConnectException("Connection refused"),
            ClosedConnectionException.INSTANCE,
            new SocketException("Connection reset"),
            pg("57P01"), // terminating connection due to administrator command (pg_terminate_backend)
            pg("57P03"), // the database system is starting up (failover)
            pg("08006")); // connection failure

    private static final List<Throwable> ROWS_AT_FAULT = List.of(
            pg("23505"), // unique violation
            pg("22003"), // numeric out of range
            pg("23514"), // check violation
            new IllegalStateException("bug"));

    @Test
    void theDatabaseGoingAwayOrALostRaceIsTransient() {
        DATABASE_AWAY.forEach(e -> assertTrue(TransientFailure.is(e), e.toString()));
        assertTrue(TransientFailure.is(pg("40P01")), "deadlock detected");
        assertTrue(TransientFailure.is(pg("40001")), "serialization failure");
    }

    @Test
    void aFailureTheRowsCanExplainIsNot() {
        ROWS_AT_FAULT.forEach(e -> assertFalse(TransientFailure.is(e), e.toString()));
    }

    @Test
    void causesAreLookedThrough() {
        // how a Uni delivers it, and how Mutiny ends a retry with backoff
        assertTrue(TransientFailure.is(new CompletionException(pg("57P01"))));
        assertTrue(TransientFailure.is(
                new IllegalStateException("Retries exhausted: 8/8", ClosedConnectionException.INSTANCE)));
        assertFalse(TransientFailure.is(new CompletionException(pg("23505"))));
    }
}
