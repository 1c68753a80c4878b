package dev.aval.events;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.EventLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The writes of the events feature on the outbox, with SQL: numbering committed events (and
 * fanning them out to webhook deliveries in the same statement) and purging old ones. Each runs
 * under its own transaction-scoped advisory lock, so one instance at a time does it.
 */
@ApplicationScoped
class EventWriter {

    /** Channel the sequencer notifies, once per distributor, when it has numbered events. */
    static final String SEQUENCED_CHANNEL = EventLog.SEQUENCED_CHANNEL;

    /** Channel the sequencer notifies when it has created webhook deliveries (not when it has not). */
    static final String DELIVERIES_CHANNEL = "aval_webhook_deliveries";

    private static final long SEQUENCER_LOCK = 0x6176616c_00000001L;
    private static final long PURGE_LOCK = 0x6176616c_00000002L;

    private static final String TRY_LOCK = "select pg_try_advisory_xact_lock($1)";
    /**
     * Numbers up to $1 committed, unnumbered groups of events, and no more groups once $3 events are
     * reached (the first always), per distributor after the
     * distributor's last number (groups in the order they were inserted, each a range of numbers,
     * its events in their order), advances the counters, and creates one PENDING delivery per event
     * and matching webhook endpoint (disabled ones too: enabling resends what it missed), with the
     * event's time and data; a group is expanded only for a distributor that has an endpoint. The
     * delivery workers are notified only when there are deliveries, the feed's waiters per
     * distributor numbered.
     * Rows of transactions not yet committed are invisible here: they get the next numbers.
     */
    private static final String SEQUENCE = """
            with pending as (
                select p.*, sum(p.n) over (order by p.position) as through
                  from (select id, distributor_id, position, n from event_group
                         where last_sequence is null and endpoint_id is null
                         order by position limit $1) p),
            batch as (
                select id, distributor_id, position, n from pending where through - n < $3),
            numbered as (
                select b.id, b.distributor_id,
                       coalesce(s.last, 0) + sum(b.n) over (partition by b.distributor_id order by b.position) as last_seq
                  from batch b left join event_sequence s on s.distributor_id = b.distributor_id),
            counters as (
                insert into event_sequence (distributor_id, last)
                select distributor_id, max(last_seq) from numbered group by distributor_id
                on conflict (distributor_id) do update set last = excluded.last),
            updated as (
                update event_group g set last_sequence = n.last_seq from numbered n where g.id = n.id
                returning g.id, g.distributor_id, g.n, g.last_sequence),
            watched as materialized (
                select u.* from updated u
                 where exists (select 1 from webhook_endpoint w where w.distributor_id = u.distributor_id)),
            deliveries as (
                insert into webhook_delivery (id, endpoint_id, event_id, group_id, subject, sequence, type, time, data,
                                              status, next_attempt_at, retry_since, created_at, updated_at)
                select aval_uuid7(), w.id, x.id, u.id, x.subject, u.last_sequence - u.n + x.i, x.type, x.time, x.data,
                       'PENDING', $2, $2, $2, $2
                  from watched u
                  join event_group g on g.id = u.id
                 cross join lateral unnest(g.ids, g.types, g.subjects, g.times, g.data)
                       with ordinality as x(id, type, subject, time, data, i)
                  join webhook_endpoint w on w.distributor_id = u.distributor_id
                                         and (w.types is null or x.type = any(w.types))
                 order by u.last_sequence - u.n + x.i
                returning 1)
            select (select count(*) from pending) = $1 or exists (select 1 from pending where through - n >= $3) as more,
                   (select count(*) from (select pg_notify('%s', d.distributor_id)
                                            from (select distinct distributor_id from updated) d) n) as notified,
                   (select count(*) from (select pg_notify('%s', '') where exists (select 1 from deliveries)) w) as delivering
            """.formatted(SEQUENCED_CHANNEL, DELIVERIES_CHANNEL);
    /**
     * Deletes up to $2 groups of events older than $1 (their deliveries with them) and records, per
     * distributor, the highest number deleted; how many groups and events.
     */
    private static final String PURGE = """
            with doomed as (
                select id from event_group
                 where time < $1 and (last_sequence is not null or endpoint_id is not null)
                 order by time limit $2),
            deleted as (
                delete from event_group g using doomed d where g.id = d.id
                returning g.distributor_id, g.last_sequence, g.n),
            marks as (
                update event_sequence s set purged_through = greatest(s.purged_through, m.top)
                  from (select distributor_id, max(last_sequence) as top from deleted where last_sequence is not null
                         group by distributor_id) m
                 where s.distributor_id = m.distributor_id)
            select count(*) as groups, coalesce(sum(n), 0) as events from deleted
            """;

    /** What one purge transaction deleted. */
    record Purged(int groups, int events) {}

    @Inject
    Pool pool;

    /**
     * Numbers up to {@code groups} committed groups of events, stopping at the group that reaches
     * {@code events}; whether more were waiting (false too when another instance is numbering right
     * now: it was notified of the same commits).
     */
    Uni<Boolean> sequence(int groups, int events, Instant now) {
        return pool.withTransaction(conn -> conn.preparedQuery(TRY_LOCK)
                .execute(Tuple.of(SEQUENCER_LOCK))
                .chain(lock -> !lock.iterator().next().getBoolean(0)
                        ? Uni.createFrom().item(false)
                        : conn.preparedQuery(SEQUENCE)
                                .execute(Tuple.of(groups, now.atOffset(ZoneOffset.UTC), events))
                                .map(rows -> rows.iterator().next().getBoolean("more"))));
    }

    /** Deletes up to {@code batch} groups of events older than {@code before}. */
    Uni<Purged> purge(Instant before, int batch) {
        return pool.withTransaction(conn -> conn.preparedQuery(TRY_LOCK)
                .execute(Tuple.of(PURGE_LOCK))
                .chain(lock -> !lock.iterator().next().getBoolean(0)
                        ? Uni.createFrom().item(new Purged(0, 0))
                        : conn.preparedQuery(PURGE)
                                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), batch))
                                .map(rows -> {
                                    Row r = rows.iterator().next();
                                    return new Purged(
                                            r.getLong("groups").intValue(),
                                            r.getLong("events").intValue());
                                })));
    }
}
