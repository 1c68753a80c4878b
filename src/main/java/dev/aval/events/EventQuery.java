package dev.aval.events;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads the feed with SQL: numbered events only, oldest first, each group of events expanded into
 * its events. The page and the distributor's counters (newest number, how far the purge went) come
 * from one statement, so one snapshot.
 */
@ApplicationScoped
class EventQuery {

    private static final String PAGE = """
            select h.last, h.purged_through, e.id, e.type, e.subject, e.time, e.sequence, e.data
              from (select coalesce(max(last), 0) as last, coalesce(max(purged_through), 0) as purged_through
                      from event_sequence where distributor_id = $1) h
              left join lateral (
                    select x.id, x.type, x.subject, x.time, g.last_sequence - g.n + x.i as sequence, x.data
                      from event_group g
                     cross join lateral unnest(g.ids, g.types, g.subjects, g.times, g.data)
                           with ordinality as x(id, type, subject, time, data, i)
                     where g.distributor_id = $1 and g.last_sequence > $2 and g.last_sequence - g.n + x.i > $2
                       and ($3::text[] is null or x.type = any($3::text[]))
                     order by g.last_sequence, x.i limit $4) e on true
             order by e.sequence
            """;

    /** A page of the feed and the counters it was read with. */
    record Page(List<EventView> items, long last, long purgedThrough) {}

    @Inject
    Pool pool;

    Uni<Page> page(String distributorId, long after, String[] types, int limit) {
        return pool.preparedQuery(PAGE)
                .execute(Tuple.of(distributorId, after, types, limit))
                .map(rows -> {
                    List<EventView> items = new ArrayList<>(rows.size());
                    long last = 0;
                    long purged = 0;
                    for (Row r : rows) {
                        last = r.getLong("last");
                        purged = r.getLong("purged_through");
                        if (r.getUUID("id") != null) {
                            items.add(event(distributorId, r));
                        }
                    }
                    return new Page(items, last, purged);
                });
    }

    static EventView event(String distributorId, Row r) {
        OffsetDateTime time = r.getOffsetDateTime("time");
        return new EventView(
                EventView.SPEC_VERSION,
                r.getUUID("id").toString(),
                r.getString("type"),
                EventView.source(distributorId),
                r.getString("subject"),
                time.toInstant(),
                r.getLong("sequence"),
                r.getString("data"));
    }
}
