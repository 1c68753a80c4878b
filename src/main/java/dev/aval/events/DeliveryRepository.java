package dev.aval.events;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.EventLog;
import dev.aval.platform.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The sending side of webhook deliveries, with SQL: claiming due deliveries (row locks with
 * {@code SKIP LOCKED}, then a lease, so one instance at a time sends each) and recording each
 * attempt's outcome, with the endpoint's streak of failures and its disabling.
 */
@ApplicationScoped
class DeliveryRepository {

    /** How the claim is planned: for the deliveries there are now, in the due index's order (see {@link #claim}). */
    private static final String CLAIM_PLAN =
            "set local plan_cache_mode = force_custom_plan; set local enable_sort = off";

    /**
     * Due deliveries of enabled endpoints (and test events, sent even to a disabled endpoint: how
     * to check a mended receiver before enabling it) whose subject has no earlier delivery still
     * pending (order per endpoint and subject), not leased by a live attempt; leased to {@code $4} until
     * {@code $3}, with their endpoint and event (the delivery carries the event's fields). The
     * subject check is a subquery per candidate ({@code offset 0} keeps PostgreSQL from turning it
     * into a join): as a join, statistics taken while every delivery had succeeded made the planner
     * scan all pending deliveries for each candidate (1 s a claim behind 38,000 pending ones,
     * until autovacuum analysed the table again).
     */
    private static final String CLAIM = """
            with due as (
                select d.id from webhook_delivery d
                  join webhook_endpoint w on w.id = d.endpoint_id and (w.status = 'ENABLED' or d.type = 'webhook.test')
                 where d.status = 'PENDING' and d.next_attempt_at <= $1 and (d.lease_until is null or d.lease_until < $1)
                   and not exists (select 1 from webhook_delivery p
                                    where p.endpoint_id = d.endpoint_id and p.subject = d.subject
                                      and p.status = 'PENDING' and p.sequence < d.sequence
                                   offset 0)
                 order by d.next_attempt_at, d.sequence
                 limit $2
                   for update of d skip locked)
            update webhook_delivery d set lease_until = $3, claimed_by = $4, attempts = d.attempts + 1,
                   window_attempts = d.window_attempts + 1,
                   retry_since = case when d.window_attempts = 0 then $1 else d.retry_since end, updated_at = $1
              from due, webhook_endpoint w
             where d.id = due.id and w.id = d.endpoint_id
            returning d.id, d.endpoint_id, d.window_attempts, d.retry_since, w.url, w.secret,
                      array(select p.s from unnest(w.previous_secrets, w.previous_expiries) p(s, e)
                                     where p.e > $1 order by p.e desc)
                          as previous_secrets,
                      d.event_id, w.distributor_id, d.type, d.subject, d.time, d.sequence, d.data
            """;

    /**
     * The deliveries SUCCEEDED, each under its lease, and their enabled endpoints' streaks of
     * failures ended (a disabled one keeps its streak: enabling resends what was given up during
     * it, even after a test event went through): one statement for a batch's successes. Returns
     * the ids recorded (a delivery whose lease another instance took over meanwhile is not).
     */
    private static final String SUCCEEDED = """
            with answered as (
                select * from unnest($1::uuid[], $2::timestamptz[], $3::int[]) as a (id, lease_until, status)),
            done as (
                update webhook_delivery d set status = 'SUCCEEDED', last_response_status = a.status, last_error = null,
                       lease_until = null, updated_at = $5
                  from answered a
                 where d.id = a.id and d.claimed_by = $4 and d.lease_until = a.lease_until
                returning d.id, d.endpoint_id),
            recovered as (
                update webhook_endpoint w set failing_since = null
                 where w.id in (select endpoint_id from done) and w.failing_since is not null
                   and w.status = 'ENABLED')
            select id from done""";

    /**
     * A failed attempt: PENDING until {@code $7}, or given up ({@code $4} FAILED). A manual retry
     * made during the attempt (its window reset to no attempt) stands: due at once in its new window.
     */
    private static final String FAILED = """
            update webhook_delivery set status = case when window_attempts = 0 then 'PENDING' else $4 end,
                   last_response_status = $5, last_error = $6,
                   next_attempt_at = case when window_attempts = 0 then $8::timestamptz else $7::timestamptz end,
                   lease_until = null, updated_at = $8
             where id = $1 and claimed_by = $2 and lease_until = $3""";
    /**
     * The streak of failures starts at the first one, and again at a failure of an enabled endpoint
     * after a silence (no failure since {@code $4}); past {@code $3} of it an enabled endpoint is
     * disabled. A disabled endpoint keeps its streak whatever fails (a test event): enabling resends
     * what was given up since it began.
     */
    private static final String FAILING = """
            update webhook_endpoint w
               set failing_since = b.streak, last_failed_at = $2,
                   status = case when w.status = 'ENABLED' and b.streak <= $3 then 'DISABLED' else w.status end,
                   disabled_at = case when w.status = 'ENABLED' and b.streak <= $3 then $2 else w.disabled_at end,
                   updated_at = $2
              from (select status as before,
                           case when failing_since is not null
                                     and (status <> 'ENABLED' or coalesce(last_failed_at, failing_since) >= $4)
                                then failing_since else $2 end as streak
                      from webhook_endpoint where id = $1 for update) b
             where w.id = $1
            returning %s, b.before""".formatted(WebhookRepository.ENDPOINT_COLUMNS);

    /**
     * A claimed delivery: what to send, where, and the lease it is sent under; {@code windowAttempts}
     * (this one included) and {@code retrySince} are its retry window's, which its first attempt opened.
     */
    record Claimed(
            UUID id,
            UUID endpointId,
            int windowAttempts,
            Instant retrySince,
            String url,
            String secret,
            List<String> previousSecrets,
            EventView event,
            String distributorId,
            Instant leaseUntil) {}

    @Inject
    Pool pool;

    @Inject
    EventLog events;

    Uni<List<Claimed>> claim(Instant now, Instant leaseUntil, String instance, int batch) {
        // planned for the deliveries there are now: a plan cached while the table was nearly empty
        // (a scan per pending delivery in the anti-join) stalls the workers once a backlog builds.
        // And read in the index's order, stopping at the batch: the planner, which expects the
        // order-per-subject check to refuse most candidates, would otherwise read and sort every
        // due delivery (69 ms against 0.6 ms a claim behind 20,000 pending ones; V22)
        return pool.withTransaction(conn -> conn.query(CLAIM_PLAN)
                .execute()
                .chain(() -> conn.preparedQuery(CLAIM)
                        .execute(Tuple.of(
                                WebhookRepository.utc(now), batch, WebhookRepository.utc(leaseUntil), instance)))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>(rows.size());
                    for (Row r : rows) {
                        String distributorId = r.getString("distributor_id");
                        EventView event = new EventView(
                                EventView.SPEC_VERSION,
                                r.getUUID("event_id").toString(),
                                r.getString("type"),
                                EventView.source(distributorId),
                                r.getString("subject"),
                                r.getOffsetDateTime("time").toInstant(),
                                r.getLong("sequence"),
                                r.getString("data"));
                        claimed.add(new Claimed(
                                r.getUUID("id"),
                                r.getUUID("endpoint_id"),
                                r.getInteger("window_attempts"),
                                r.getOffsetDateTime("retry_since").toInstant(),
                                r.getString("url"),
                                r.getString("secret"),
                                List.of(r.getArrayOfStrings("previous_secrets")),
                                event,
                                distributorId,
                                leaseUntil));
                    }
                    return claimed;
                }));
    }

    /** A 2xx answer to a claimed delivery. */
    record Success(Claimed delivery, int status) {}

    /**
     * Records 2xx answers in one statement; returns the ids recorded, without those whose lease
     * was lost meanwhile (another instance took the delivery over).
     */
    Uni<Set<UUID>> succeeded(List<Success> successes, String instance, Instant now) {
        if (successes.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        UUID[] ids = new UUID[successes.size()];
        OffsetDateTime[] leases = new OffsetDateTime[successes.size()];
        Integer[] statuses = new Integer[successes.size()];
        for (int i = 0; i < ids.length; i++) {
            Success s = successes.get(i);
            ids[i] = s.delivery().id();
            leases[i] = WebhookRepository.utc(s.delivery().leaseUntil());
            statuses[i] = s.status();
        }
        return pool.preparedQuery(SUCCEEDED)
                .execute(Tuple.of(ids, leases, statuses, instance, WebhookRepository.utc(now)))
                .map(rows -> {
                    Set<UUID> recorded = new HashSet<>(rows.size() * 2);
                    for (Row r : rows) {
                        recorded.add(r.getUUID(0));
                    }
                    return recorded;
                });
    }

    /**
     * Records a failed attempt: PENDING until {@code nextAttemptAt}, or FAILED when it is null.
     * The endpoint's streak of failures goes on (or starts again after a silence longer than
     * {@code streakGap}); past {@code disableAfter} the endpoint is DISABLED and a
     * {@code webhook.disabled} event is appended in the same transaction.
     *
     * @return whether the endpoint was disabled by this failure
     */
    Uni<Boolean> failed(
            Claimed c,
            String instance,
            Integer status,
            String error,
            Instant nextAttemptAt,
            Instant now,
            Duration disableAfter,
            Duration streakGap) {
        Tuple delivery = Tuple.tuple()
                .addUUID(c.id())
                .addString(instance)
                .addOffsetDateTime(WebhookRepository.utc(c.leaseUntil()))
                .addString(nextAttemptAt == null ? "FAILED" : "PENDING")
                .addInteger(status)
                .addString(error)
                .addOffsetDateTime(WebhookRepository.utc(nextAttemptAt == null ? now : nextAttemptAt))
                .addOffsetDateTime(WebhookRepository.utc(now));
        return pool.withTransaction(conn -> conn.preparedQuery(FAILED)
                .execute(delivery)
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    return conn.preparedQuery(FAILING)
                            .execute(Tuple.of(
                                    c.endpointId(),
                                    WebhookRepository.utc(now),
                                    WebhookRepository.utc(now.minus(disableAfter)),
                                    WebhookRepository.utc(now.minus(streakGap))))
                            .chain(endpoints -> {
                                if (endpoints.size() == 0) {
                                    return Uni.createFrom().item(false);
                                }
                                Row row = endpoints.iterator().next();
                                Endpoint endpoint = WebhookRepository.endpoint(row);
                                if (!Endpoint.ENABLED.equals(row.getString("before"))
                                        || !Endpoint.DISABLED.equals(endpoint.status())) {
                                    return Uni.createFrom().item(false);
                                }
                                return events.append(
                                                conn,
                                                endpoint.distributorId(),
                                                EventType.WEBHOOK_DISABLED,
                                                endpoint.id().toString(),
                                                endpoint.view(),
                                                "failing since " + endpoint.failingSince(),
                                                "system",
                                                now)
                                        .replaceWith(true);
                            });
                }));
    }
}
