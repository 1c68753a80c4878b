package dev.aval.platform;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * The Idempotency-Key mechanism of api.md, reusable by any write: a key is claimed in PostgreSQL
 * (its own short statement, so a concurrent duplicate sees it at once and gets 409
 * IDEMPOTENCY_KEY_IN_USE), the action runs in a transaction that also stores its answer (so the
 * effect and the stored answer commit together), and later requests with the same key and an
 * equal body get that answer replayed with {@code Idempotent-Replayed: true}; a different body is
 * 422 IDEMPOTENCY_KEY_REUSED. Business refusals (4xx) are stored too; 5xx and 429 are not.
 * Keys are scoped per (distributor, method, path) and purged after the retention.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;

    private static final String CLAIM = """
            insert into idempotency_key (distributor_id, method, path, idem_key, request_hash, created_at)
            values ($1, $2, $3, $4, $5, now())
            on conflict (distributor_id, method, path, idem_key) do update
               set request_hash = excluded.request_hash, created_at = excluded.created_at, status = null,
                   content_type = null, body = null, location = null, completed_at = null
             where (idempotency_key.status is null and idempotency_key.created_at < now() - $6 * interval '1 second')
                or idempotency_key.created_at < now() - $7 * interval '1 second'
            returning created_at
            """;
    private static final String FIND = """
            select request_hash, status, content_type, body, location from idempotency_key
             where distributor_id = $1 and method = $2 and path = $3 and idem_key = $4
            """;
    // the answer is stored, and the key released, only by the request that still holds the claim
    // (created_at is the claim's time): one taken over after the in-flight lease changes nothing.
    // V20's idempotency_answer() stores it and fails with SQLSTATE TAKEN_OVER when it stores
    // nothing: sent with a COMMIT, that failure rolls the write back.
    private static final String REMEMBER = "select idempotency_answer($1, $2, $3, $4, $5, $6, $7, $8, $9)";

    private static final String TAKEN_OVER = "AV409";

    /** REMEMBER for a streamed body, whose hash is known only once it was read ($10). */
    private static final String REMEMBER_HASHED = """
            update idempotency_key set status = $6, content_type = $7, body = $8, location = $9, completed_at = now(),
                   request_hash = $10
             where distributor_id = $1 and method = $2 and path = $3 and idem_key = $4
               and status is null and created_at = $5
            """;
    /** The request hash of a streamed body's claim until the body was read (no SHA-256 is empty). */
    private static final String PENDING = "";

    private static final String RELEASE = """
            delete from idempotency_key where distributor_id = $1 and method = $2 and path = $3 and idem_key = $4
               and status is null and created_at = $5
            """;
    private static final String PURGE =
            "delete from idempotency_key where created_at < now() - $1 * interval '1 second'";

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    @Inject
    IdempotencyConfig config;

    /**
     * Where a key is kept. A UUID in the path names its record in either letter case, so the path
     * is kept with its UUIDs lower-cased: the same payment sent to {@code …/invoices/ABCD…} after
     * {@code …/invoices/abcd…} under one key is a replay, not a second payment.
     */
    private record Scope(String distributorId, String method, String path, String key) {
        private static final Pattern UUID_SEGMENT = Pattern.compile(
                "(?<=/)\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}(?=/|$)");

        Scope {
            path = UUID_SEGMENT.matcher(path).replaceAll(m -> m.group().toLowerCase(Locale.ROOT));
        }

        Tuple tuple() {
            return Tuple.of(distributorId, method, path, key);
        }
    }

    /** A key claimed by this request at {@code claimedAt}. */
    private record Claim(Scope scope, OffsetDateTime claimedAt) {
        /** The arguments of {@code RELEASE}. */
        Tuple tuple() {
            return scope.tuple().addOffsetDateTime(claimedAt);
        }

        /** The arguments of {@code REMEMBER}: this claim and the answer to remember. */
        Tuple answer(int status, String contentType, String body, String location) {
            return tuple().addInteger(status)
                    .addString(contentType)
                    .addString(body)
                    .addString(location);
        }
    }

    /**
     * Runs {@code action} at most once per key: it gets a pool connection in a transaction (a
     * {@link PipelinedTransaction}), and its answer is stored on that same connection by the
     * statement sent with the COMMIT ({@code idempotency_answer}, which fails the transaction when the
     * claim was taken over meanwhile), so its effects and the stored answer commit together. The
     * owning service calls this (docs/architecture.md).
     *
     * @param request the parsed body (null when none); compared as parsed JSON
     * @param action builds the answer on the connection; its entity is stored as JSON
     */
    public Uni<Response> runInTransaction(
            String distributorId,
            String method,
            String path,
            String key,
            Object request,
            Function<SqlConnection, Uni<Response>> action) {
        // deferred: a refusal thrown while building the action still rolls the transaction back
        return once(
                distributorId,
                method,
                path,
                key,
                request,
                claim -> PipelinedTransaction.run(
                                pool,
                                action,
                                (connection, response) -> connection
                                        .preparedQuery(REMEMBER)
                                        .execute(claim.answer(
                                                response.getStatus(),
                                                MediaType.APPLICATION_JSON,
                                                json(response.getEntity()),
                                                response.getHeaderString(HttpHeaders.LOCATION))))
                        .onFailure(Idempotency::takenOver)
                        .transform(e -> {
                            Log.warn("an Idempotency-Key was taken over while its first request was still running: "
                                    + "rolled back");
                            return inUse();
                        }));
    }

    /** The database's refusal of {@link #REMEMBER}: the claim is no longer this request's. */
    private static boolean takenOver(Throwable e) {
        return e instanceof PgException pg && TAKEN_OVER.equals(pg.getSqlState());
    }

    /**
     * What a streamed body came to once read: the request to compare retries by (its hash is
     * stored with the answer) and what the work needs of it.
     */
    public record Streamed<T>(Object request, T value) {}

    /**
     * {@link #runInTransaction} for a body that is streamed, not parsed (an upload): the key is
     * claimed before a byte is read, so a concurrent request with it is answered 409 at once,
     * without reading its body. Then {@code read} takes the body in (storing it as it likes) and
     * says what it came to; {@code action} runs in a transaction that also stores its answer and
     * the request's hash. A key that already holds an answer has its request's body read by
     * {@code compare} (nothing kept), then replayed, or refused 422 when it differs. Any failure
     * frees the key (nothing is remembered but a success), so the client may simply retry.
     */
    public <T> Uni<Response> runStreamed(
            String distributorId,
            String method,
            String path,
            String key,
            Supplier<Uni<Streamed<T>>> read,
            Supplier<Uni<Object>> compare,
            BiFunction<SqlConnection, T, Uni<Response>> action) {
        try {
            checkKey(key);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        Scope scope = new Scope(distributorId, method, path, key.strip());
        return pool.preparedQuery(CLAIM)
                .execute(scope.tuple()
                        .addString(PENDING)
                        .addLong(config.inFlightLease().toSeconds())
                        .addLong(config.retention().toSeconds()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return pool.preparedQuery(FIND).execute(scope.tuple()).chain(found -> {
                            Iterator<io.vertx.mutiny.sqlclient.Row> it = found.iterator();
                            if (!it.hasNext() || it.next().getInteger("status") == null) {
                                return Uni.createFrom().failure(inUse());
                            }
                            return compare.get().chain(request -> existing(scope, hash(request)));
                        });
                    }
                    Claim claim = new Claim(scope, rows.iterator().next().getOffsetDateTime(0));
                    return Uni.createFrom()
                            .<Streamed<T>>deferred(read::get)
                            .chain(streamed -> pool.withTransaction(connection -> Uni.createFrom()
                                    .deferred(() -> action.apply(connection, streamed.value()))
                                    .call(response -> connection
                                            .preparedQuery(REMEMBER_HASHED)
                                            .execute(claim.answer(
                                                            response.getStatus(),
                                                            MediaType.APPLICATION_JSON,
                                                            json(response.getEntity()),
                                                            response.getHeaderString(HttpHeaders.LOCATION))
                                                    .addString(hash(streamed.request())))
                                            .invoke(stored -> stillClaimed(stored.rowCount())))))
                            .onFailure()
                            .call(() -> pool.preparedQuery(RELEASE)
                                    .execute(claim.tuple())
                                    .replaceWithVoid()
                                    .onFailure()
                                    .recoverWithNull());
                });
    }

    private Uni<Response> once(
            String distributorId,
            String method,
            String path,
            String key,
            Object request,
            Function<Claim, Uni<Response>> transaction) {
        try {
            checkKey(key);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        Scope scope = new Scope(distributorId, method, path, key.strip());
        String hash = hash(request);
        return pool.preparedQuery(CLAIM)
                .execute(scope.tuple()
                        .addString(hash)
                        .addLong(config.inFlightLease().toSeconds())
                        .addLong(config.retention().toSeconds()))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return existing(scope, hash);
                    }
                    Claim claim = new Claim(scope, rows.iterator().next().getOffsetDateTime(0));
                    return transaction.apply(claim).onFailure().call(e -> failed(claim, e));
                });
    }

    /**
     * Refuses a missing, blank or over-long key (400 naming the header): a write whose body is
     * streamed checks its key before reading a byte of it.
     */
    public static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw ProblemException.validation(HEADER, "is required on this request");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.validation(HEADER, "must be at most " + MAX_KEY_LENGTH + " characters");
        }
    }

    /**
     * Fails the transaction (so its effects roll back) when the answer could not be stored: the
     * request outlived the in-flight lease and a retry with the same key took it over — that retry
     * is the one whose effects count.
     */
    private static void stillClaimed(int stored) {
        if (stored != 1) {
            Log.warn("an Idempotency-Key was taken over while its first request was still running: rolled back");
            throw inUse();
        }
    }

    /** A business refusal is the answer to remember; anything else frees the key for a retry. */
    private Uni<Void> failed(Claim claim, Throwable e) {
        ProblemException problem = problemOf(e);
        if (problem != null && problem.status() < 500 && problem.status() != 429) {
            return pool.preparedQuery(REMEMBER)
                    .execute(claim.answer(problem.status(), Problem.MEDIA_TYPE, json(problem.toProblem()), null))
                    .replaceWithVoid()
                    .onFailure()
                    .recoverWithNull();
        }
        return pool.preparedQuery(RELEASE)
                .execute(claim.tuple())
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }

    private Uni<Response> existing(Scope scope, String hash) {
        return pool.preparedQuery(FIND).execute(scope.tuple()).map(rows -> {
            Iterator<io.vertx.mutiny.sqlclient.Row> it = rows.iterator();
            if (!it.hasNext()) {
                // purged or released between our two statements: the client may simply retry
                throw inUse();
            }
            var row = it.next();
            if (!hash.equals(row.getString("request_hash"))) {
                throw ProblemException.unprocessable(
                        "IDEMPOTENCY_KEY_REUSED",
                        "this Idempotency-Key was already used with a different request body");
            }
            Integer status = row.getInteger("status");
            if (status == null) {
                throw inUse();
            }
            Response.ResponseBuilder replay = Response.status(status)
                    .type(row.getString("content_type"))
                    .entity(row.getString("body").getBytes(StandardCharsets.UTF_8))
                    .header(REPLAYED, "true");
            String location = row.getString("location");
            if (location != null) {
                replay.header(HttpHeaders.LOCATION, location);
            }
            return replay.build();
        });
    }

    private static ProblemException inUse() {
        return ProblemException.conflict(
                "IDEMPOTENCY_KEY_IN_USE",
                "a request with this Idempotency-Key is still being processed; retry shortly");
    }

    private static ProblemException problemOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException p) {
                return p;
            }
        }
        return null;
    }

    /** Purges keys older than the retention, on every instance (a plain DELETE: harmless when concurrent). */
    @Scheduled(
            every = "${aval.idempotency.purge-every:1h}",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return pool.preparedQuery(PURGE)
                .execute(Tuple.of(config.retention().toSeconds()))
                .invoke(rows -> {
                    if (rows.rowCount() > 0) {
                        Log.infof("purged %d idempotency key(s)", rows.rowCount());
                    }
                })
                .onFailure()
                .invoke(e -> Log.warnf("idempotency purge failed, will retry: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the answer", e);
        }
    }

    /** SHA-256 of the body as canonical JSON: keys sorted, numbers by value (10.0 equals 10.00). */
    String hash(Object request) {
        JsonNode tree = request == null ? mapper.createObjectNode() : mapper.valueToTree(request);
        StringBuilder canonical = new StringBuilder();
        canonical(tree, canonical);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void canonical(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    sorted.put(e.getKey(), e.getValue());
                }
            });
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(quote(e.getKey())).append(':');
                canonical(e.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                canonical(node.get(i), out);
            }
            out.append(']');
        } else if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            out.append(value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString());
        } else if (node.isTextual()) {
            out.append(quote(node.asText()));
        } else {
            out.append(node.toString());
        }
    }

    private static String quote(String s) {
        return "\""
                + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance()
                        .quoteAsString(s)) + "\"";
    }
}
