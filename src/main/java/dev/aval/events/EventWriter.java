package dev.aval.events;

import java.time.Instant;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.EventLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
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
     * Numbers up to $1 committed, unnumbered events per distributor after the distributor's last
     * number (in the order they were inserted), advances the counters, and creates one PENDING
     * delivery per matching webhook endpoint (disabled ones too: enabling resends what it missed);
     * the delivery workers are notified only when there are deliveries, the feed's waiters per
     * distributor numbered.
     * Rows of transactions not yet committed are invisible here: they get the next numbers.
     */
    private static final String SEQUENCE = """
            with batch as (
                select id, distributor_id, position from event
                 where sequence is null and endpoint_id is null
                 order by position limit $1),
            numbered as (
                select b.id, b.distributor_id,
                       coalesce(s.last, 0) + row_number() over (partition by b.distributor_id order by b.position) as seq
                  from batch b left join event_sequence s on s.distributor_id = b.distributor_id),
            counters as (
                insert into event_sequence (distributor_id, last)
                select distributor_id, max(seq) from numbered group by distributor_id
                on conflict (distributor_id) do update set last = excluded.last),
            updated as (
                update event e set sequence = n.seq from numbered n where e.id = n.id
                returning e.id, e.distributor_id, e.type, e.subject, e.sequence),
            deliveries as (
                insert into webhook_delivery (id, endpoint_id, event_id, subject, sequence, type, status,
                                              next_attempt_at, retry_since, created_at, updated_at)
                select aval_uuid7(), w.id, u.id, u.subject, u.sequence, u.type, 'PENDING', $2, $2, $2, $2
                  from updated u
                  join webhook_endpoint w on w.distributor_id = u.distributor_id
                                         and (w.types is null or u.type = any(w.types))
                 order by u.sequence
                returning 1)
            select (select count(*) from updated) as numbered,
                   (select count(*) from (select pg_notify('%s', d.distributor_id)
                                            from (select distinct distributor_id from updated) d) n) as notified,
                   (select count(*) from (select pg_notify('%s', '') where exists (select 1 from deliveries)) w) as delivering
            """.formatted(SEQUENCED_CHANNEL, DELIVERIES_CHANNEL);
    /** Deletes up to $2 events older than $1 and records, per distributor, the highest number deleted. */
    private static final String PURGE = """
            with doomed as (
                select id from event where time < $1 and (sequence is not null or endpoint_id is not null)
                 order by time limit $2),
            deleted as (
                delete from event e using doomed d where e.id = d.id returning e.distributor_id, e.sequence),
            marks as (
                update event_sequence s set purged_through = greatest(s.purged_through, m.top)
                  from (select distributor_id, max(sequence) as top from deleted where sequence is not null
                         group by distributor_id) m
                 where s.distributor_id = m.distributor_id)
            select count(*) from deleted
            """;

    @Inject
    Pool pool;

    /**
     * Numbers up to {@code batch} committed events; 0 when there were none, or when another
     * instance is numbering right now (it was notified of the same commits).
     */
    Uni<Integer> sequence(int batch, Instant now) {
        return pool.withTransaction(conn -> conn.preparedQuery(TRY_LOCK)
                .execute(Tuple.of(SEQUENCER_LOCK))
                .chain(lock -> !lock.iterator().next().getBoolean(0)
                        ? Uni.createFrom().item(0)
                        : conn.preparedQuery(SEQUENCE)
                                .execute(Tuple.of(batch, now.atOffset(ZoneOffset.UTC)))
                                .map(rows -> rows.iterator()
                                        .next()
                                        .getLong("numbered")
                                        .intValue())));
    }

    /** Deletes up to {@code batch} events older than {@code before}; how many it deleted. */
    Uni<Integer> purge(Instant before, int batch) {
        return pool.withTransaction(conn -> conn.preparedQuery(TRY_LOCK)
                .execute(Tuple.of(PURGE_LOCK))
                .chain(lock -> !lock.iterator().next().getBoolean(0)
                        ? Uni.createFrom().item(0)
                        : conn.preparedQuery(PURGE)
                                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), batch))
                                .map(rows -> rows.iterator().next().getLong(0).intValue())));
    }
}
