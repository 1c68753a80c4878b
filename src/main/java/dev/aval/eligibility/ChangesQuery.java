package dev.aval.eligibility;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** What {@link ChangeListener} reads: numbered events since a point, and its proofs ("beats"). */
@Singleton
class ChangesQuery {

    /** The channel of the beats, apart from the sequencer's ({@code aval_events_sequenced}). */
    static final String BEAT_CHANNEL = "aval_eligibility_beat";

    /** Events read per statement; a distributor with more waiting is read again at once. */
    static final int PAGE = 1000;

    private static final String LAST = """
            select coalesce((select last from event_sequence where distributor_id = $1), 0) as last
            """;

    private static final String SINCE = """
            select g.last_sequence - g.n + x.i as sequence, x.type, x.subject,
                   j.data->>'document' as document, j.data->>'accountId' as account_id
              from event_group g
             cross join lateral unnest(g.types, g.subjects, g.data) with ordinality as x(type, subject, data, i)
             cross join lateral (select x.data::json as data) j
             where g.distributor_id = $1 and g.last_sequence > $2 and g.last_sequence - g.n + x.i > $2
             order by g.last_sequence, x.i
             limit %d
            """.formatted(PAGE);

    /**
     * The beat: a notification to every listener (delivered after every notification committed
     * before it), and how long the oldest committed-or-not change not yet numbered has waited, in
     * milliseconds — the sequencer's lag, by which the proof is worth less.
     */
    private static final String BEAT = """
            select pg_notify('%s', $1),
                   coalesce((select greatest(0, extract(epoch from clock_timestamp() - e.time) * 1000)::bigint
                               from event_group e where e.last_sequence is null and e.endpoint_id is null
                              order by e.position limit 1), 0) as lag_millis
            """.formatted(BEAT_CHANNEL);

    record Change(long sequence, String type, String subject, String document, String accountId) {}

    @Inject
    Pool pool;

    /** The distributor's last numbered event (0 when none yet): its changes are read after it. */
    Uni<Long> last(String distributorId) {
        return pool.preparedQuery(LAST)
                .execute(Tuple.of(distributorId))
                .map(rows -> rows.iterator().next().getLong("last"));
    }

    /** Up to {@link #PAGE} of the distributor's events numbered after {@code after}, in order. */
    Uni<List<Change>> since(String distributorId, long after) {
        return pool.preparedQuery(SINCE).execute(Tuple.of(distributorId, after)).map(rows -> {
            List<Change> changes = new ArrayList<>(rows.size());
            for (Row row : rows) {
                changes.add(new Change(
                        row.getLong("sequence"),
                        row.getString("type"),
                        row.getString("subject"),
                        row.getString("document"),
                        row.getString("account_id")));
            }
            return changes;
        });
    }

    /** Sends a beat with {@code payload}; the sequencer's lag in milliseconds. */
    Uni<Long> beat(String payload) {
        return pool.preparedQuery(BEAT)
                .execute(Tuple.of(payload))
                .map(rows -> rows.iterator().next().getLong("lag_millis"));
    }
}
