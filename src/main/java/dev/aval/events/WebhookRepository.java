package dev.aval.events;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.EventType;
import dev.aval.platform.Ids;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Webhook endpoints and their delivery log, with SQL, as the API manages them. Rows become
 * {@link Endpoint} and {@link DeliveryView} here and only here ({@link DeliveryRepository} has
 * the sending side).
 */
@ApplicationScoped
class WebhookRepository {

    static final String ENDPOINT_COLUMNS = """
            id, distributor_id, url, types, description, status, secret, failing_since, created_at""";
    private static final String DELIVERY_COLUMNS = """
            id, event_id, type, attempts, status, last_response_status, last_error, next_attempt_at, created_at, updated_at""";

    private static final String INSERT = """
            insert into webhook_endpoint (id, distributor_id, url, types, description, status, secret, created_at, updated_at)
            values ($1, $2, $3, $4, $5, 'ENABLED', $6, $7, $7)
            returning %s""".formatted(ENDPOINT_COLUMNS);
    private static final String FIND =
            "select " + ENDPOINT_COLUMNS + " from webhook_endpoint where distributor_id = $1 and id = $2";
    private static final String LOCK = FIND + " for update";
    private static final String LIST = "select " + ENDPOINT_COLUMNS
            + " from webhook_endpoint where distributor_id = $1 and ($2::uuid is null or id > $2) order by id limit $3";
    /**
     * The endpoint's deliveries first, then the endpoint: the order in which a delivery worker
     * recording an attempt locks them (DeliveryRepository: the delivery, then its endpoint), so a
     * deletion during an attempt waits for it instead of deadlocking with it.
     */
    private static final String DELETE_DELIVERIES = """
            delete from webhook_delivery d using webhook_endpoint w
             where d.endpoint_id = w.id and w.distributor_id = $1 and w.id = $2""";

    private static final String DELETE = "delete from webhook_endpoint where distributor_id = $1 and id = $2";
    /** Previous secrets signing alongside the current one at most (the newest; rotation is rare). */
    static final int MAX_PREVIOUS_SECRETS = 5;

    /**
     * The secret replaced ({@code $3}: when it stops signing) joins the previous ones not yet over
     * at {@code $5}, newest first, at most {@link #MAX_PREVIOUS_SECRETS}; SET reads the row as it was.
     * previous_secret/previous_expires_at are still written for the release before V24, which reads
     * them while a rolling update runs (V24's comment).
     */
    private static final String ROTATE = """
            update webhook_endpoint set
                   previous_secrets = array(select p.s from (select secret as s, $3::timestamptz as e
                                                             union all select * from unnest(previous_secrets, previous_expiries)) p
                                             where p.e > $5 order by p.e desc, p.s limit %2$d),
                   previous_expiries = array(select p.e from (select secret as s, $3::timestamptz as e
                                                              union all select * from unnest(previous_secrets, previous_expiries)) p
                                              where p.e > $5 order by p.e desc, p.s limit %2$d),
                   previous_secret = secret, previous_expires_at = $3,
                   secret = $4, updated_at = $5
             where distributor_id = $1 and id = $2
            returning %1$s""".formatted(ENDPOINT_COLUMNS, MAX_PREVIOUS_SECRETS);
    /**
     * Enabling resends what the endpoint missed, each in a new retry window: what is pending, and
     * what was given up during its streak of failures ({@code $3}, when the first failure was
     * recorded: the delivery that failed first was created before it, and given up after it).
     */
    private static final String RESEND = """
            update webhook_delivery set status = 'PENDING', next_attempt_at = $2, window_attempts = 0,
                   lease_until = case when lease_until > $2 then lease_until end,
                   claimed_by = case when lease_until > $2 then claimed_by end, updated_at = $2
             where endpoint_id = $1 and (status = 'PENDING' or status = 'FAILED' and $3::timestamptz is not null and updated_at >= $3)
            """;

    private static final String ENABLE = """
            update webhook_endpoint set status = 'ENABLED', failing_since = null, disabled_at = null, updated_at = $2
             where id = $1
            returning %s""".formatted(ENDPOINT_COLUMNS);
    private static final String DELIVERIES = "select " + DELIVERY_COLUMNS + """
             from webhook_delivery
            where endpoint_id = $1 and ($2::text is null or status = $2) and ($3::uuid is null or id < $3)
            order by id desc limit $4""";
    /**
     * A manual retry: due now, in a new retry window. An attempt in flight keeps its lease (it is
     * never sent twice at once): what it records stands, and a failure is retried on schedule.
     */
    private static final String RETRY = """
            update webhook_delivery set status = 'PENDING', next_attempt_at = $3, window_attempts = 0,
                   lease_until = case when lease_until > $3 then lease_until end,
                   claimed_by = case when lease_until > $3 then claimed_by end, updated_at = $3
             where endpoint_id = $1 and id = $2""";

    private static final String TEST_EVENT = """
            insert into event_group (id, distributor_id, time, n, ids, types, subjects, times, data, endpoint_id)
            values ($1, $2, $5, 1, array[$1::uuid], array[$3::text], array[$4::text], array[$5::timestamptz],
                    array[$6::text], $7)""";
    private static final String TEST_DELIVERY = """
            insert into webhook_delivery (id, endpoint_id, event_id, group_id, subject, sequence, type, time, data,
                                          status, next_attempt_at, retry_since, created_at, updated_at)
            values ($1, $2, $3, $3, $4, null, $5, $6, $7, 'PENDING', $6, $6, $6, $6)
            returning %s""".formatted(DELIVERY_COLUMNS);

    @Inject
    Pool pool;

    Uni<Endpoint> insert(
            String distributorId, String url, List<String> types, String description, String secret, Instant now) {
        Tuple args = Tuple.tuple()
                .addUUID(Ids.newId())
                .addString(distributorId)
                .addString(url)
                .addArrayOfString(types == null ? null : types.toArray(String[]::new))
                .addString(description)
                .addString(secret)
                .addOffsetDateTime(utc(now));
        return pool.preparedQuery(INSERT).execute(args).map(rows -> first(rows, WebhookRepository::endpoint));
    }

    /** The endpoint, or null. */
    Uni<Endpoint> find(String distributorId, UUID id) {
        return pool.preparedQuery(FIND)
                .execute(Tuple.of(distributorId, id))
                .map(rows -> first(rows, WebhookRepository::endpoint));
    }

    Uni<List<Endpoint>> list(String distributorId, UUID after, int limit) {
        return pool.preparedQuery(LIST)
                .execute(Tuple.of(distributorId, after, limit))
                .map(rows -> all(rows, WebhookRepository::endpoint));
    }

    /** Whether it existed (its deliveries go with it). */
    Uni<Boolean> delete(String distributorId, UUID id) {
        Tuple endpoint = Tuple.of(distributorId, id);
        return pool.withTransaction(conn -> conn.preparedQuery(DELETE_DELIVERIES)
                        .execute(endpoint)
                        .chain(deliveries -> conn.preparedQuery(DELETE).execute(endpoint))
                        .map(rows -> rows.rowCount() > 0))
                // a delivery made after the first statement and attempted before the second can
                // still meet it in the other order: PostgreSQL then asks for the transaction again
                .onFailure(WebhookRepository::deadlocked)
                .retry()
                .atMost(3);
    }

    private static boolean deadlocked(Throwable failure) {
        return failure instanceof PgException pg && "40P01".equals(pg.getSqlState());
    }

    /**
     * The endpoint with its new secret, the old one signing alongside until {@code previousExpiresAt}
     * (with those replaced before it, until their own ends); null when unknown.
     */
    Uni<Endpoint> rotate(String distributorId, UUID id, String secret, Instant previousExpiresAt, Instant now) {
        return pool.preparedQuery(ROTATE)
                .execute(Tuple.of(distributorId, id, utc(previousExpiresAt), secret, utc(now)))
                .map(rows -> first(rows, WebhookRepository::endpoint));
    }

    /** Enables the endpoint and resends what it missed; null when unknown. */
    Uni<Endpoint> enable(String distributorId, UUID id, Instant now) {
        return pool.withTransaction(conn -> conn.preparedQuery(LOCK)
                .execute(Tuple.of(distributorId, id))
                .map(rows -> first(rows, WebhookRepository::endpoint))
                .chain(endpoint -> endpoint == null
                        ? Uni.createFrom().nullItem()
                        : conn.preparedQuery(RESEND)
                                .execute(Tuple.of(
                                        id,
                                        utc(now),
                                        endpoint.failingSince() == null ? null : utc(endpoint.failingSince())))
                                .chain(() -> conn.preparedQuery(ENABLE).execute(Tuple.of(id, utc(now))))
                                .map(rows -> first(rows, WebhookRepository::endpoint))));
    }

    Uni<List<DeliveryView>> deliveries(UUID endpointId, String status, UUID before, int limit) {
        return pool.preparedQuery(DELIVERIES)
                .execute(Tuple.of(endpointId, status, before, limit))
                .map(rows -> all(rows, WebhookRepository::delivery));
    }

    /** Makes the delivery PENDING for a new retry window, due now; false when unknown. */
    Uni<Boolean> retry(UUID endpointId, UUID deliveryId, Instant now) {
        return pool.preparedQuery(RETRY)
                .execute(Tuple.of(endpointId, deliveryId, utc(now)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** A webhook.test event for this endpoint only (never numbered, never in the feed) and its delivery, due now. */
    Uni<DeliveryView> test(Endpoint endpoint, String data, Instant now) {
        UUID eventId = Ids.newId();
        String subject = endpoint.id().toString();
        return pool.withTransaction(conn -> conn.preparedQuery(TEST_EVENT)
                .execute(Tuple.tuple()
                        .addUUID(eventId)
                        .addString(endpoint.distributorId())
                        .addString(EventType.WEBHOOK_TEST.wireName())
                        .addString(subject)
                        .addOffsetDateTime(utc(now))
                        .addString(data)
                        .addUUID(endpoint.id()))
                .chain(() -> conn.preparedQuery(TEST_DELIVERY)
                        .execute(Tuple.tuple()
                                .addUUID(Ids.newId())
                                .addUUID(endpoint.id())
                                .addUUID(eventId)
                                .addString(subject)
                                .addString(EventType.WEBHOOK_TEST.wireName())
                                .addOffsetDateTime(utc(now))
                                .addString(data)))
                .map(rows -> first(rows, WebhookRepository::delivery)));
    }

    static Endpoint endpoint(Row r) {
        String[] types = r.getArrayOfStrings("types");
        return new Endpoint(
                r.getUUID("id"),
                r.getString("distributor_id"),
                r.getString("url"),
                types == null ? null : Arrays.asList(types),
                r.getString("description"),
                r.getString("status"),
                r.getString("secret"),
                instant(r.getOffsetDateTime("failing_since")),
                instant(r.getOffsetDateTime("created_at")));
    }

    private static DeliveryView delivery(Row r) {
        String status = r.getString("status");
        return new DeliveryView(
                r.getUUID("id").toString(),
                r.getUUID("event_id").toString(),
                r.getString("type"),
                r.getInteger("attempts"),
                status,
                r.getInteger("last_response_status"),
                r.getString("last_error"),
                "PENDING".equals(status) ? instant(r.getOffsetDateTime("next_attempt_at")) : null,
                instant(r.getOffsetDateTime("created_at")),
                instant(r.getOffsetDateTime("updated_at")));
    }

    private static <T> T first(RowSet<Row> rows, Function<Row, T> map) {
        var it = rows.iterator();
        return it.hasNext() ? map.apply(it.next()) : null;
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
        List<T> list = new ArrayList<>(rows.size());
        for (Row row : rows) {
            list.add(map.apply(row));
        }
        return list;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
