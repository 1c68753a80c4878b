package dev.aval.console;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Failed sign-ins per email (stored as a hash), counted over a sliding window. */
@ApplicationScoped
class SignInFailureRepository {

    private static final String COUNT = """
            select count(*) from console_sign_in_failure where email_hash = $1 and failed_at > $2""";
    private static final String RECORD = """
            insert into console_sign_in_failure (email_hash, failed_at) values ($1, $2)""";
    /** A success forgets this email's failures; failures past any window are purged with them. */
    private static final String FORGET = """
            delete from console_sign_in_failure where email_hash = $1 or failed_at < $2""";

    /** One recorded attempt taken back (the table has no key: any one of that email's at that instant). */
    private static final String UNRECORD = """
            delete from console_sign_in_failure where ctid = (
                select ctid from console_sign_in_failure where email_hash = $1 and failed_at = $2 limit 1)""";

    private static final String PURGE = """
            delete from console_sign_in_failure where failed_at < $1""";

    @Inject
    Pool pool;

    Uni<Void> purgeBefore(Instant before) {
        return pool.preparedQuery(PURGE).execute(Tuple.of(utc(before))).replaceWithVoid();
    }

    Uni<Long> countSince(String emailHash, Instant since) {
        return pool.preparedQuery(COUNT)
                .execute(Tuple.of(emailHash, utc(since)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    Uni<Void> record(String emailHash, Instant at) {
        return pool.preparedQuery(RECORD).execute(Tuple.of(emailHash, utc(at))).replaceWithVoid();
    }

    Uni<Void> unrecord(String emailHash, Instant at) {
        return pool.preparedQuery(UNRECORD)
                .execute(Tuple.of(emailHash, utc(at)))
                .replaceWithVoid();
    }

    Uni<Void> forget(String emailHash, Instant olderThan) {
        return pool.preparedQuery(FORGET)
                .execute(Tuple.of(emailHash, utc(olderThan)))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
