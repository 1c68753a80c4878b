package dev.aval.platform;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The outbox of change events (events.md): a feature appends the events of a change on the
 * connection of the transaction that makes the change, so an event exists if and only if its
 * change commits. Events are stored unnumbered; the events feature's sequencer numbers them per
 * distributor in commit order (woken through {@link #onAppend} a moment after each append, and
 * periodically) and delivers them to the feed and the webhooks. No {@code NOTIFY} here: PostgreSQL
 * serialises the commits of every transaction that notifies (one queue lock held through the commit
 * and its WAL flush), which would make every write path wait for every other.
 * <p>
 * {@code data} is the resource as the API answers it after the change (the view record the
 * endpoint returns); the change's {@code reason} and {@code actor}, when it has them, are added
 * to it as members of those names. One statement per call, whatever the number of events, and one
 * row per distributor ({@code event_group}): a batch's 1,000 events are one row, numbered as a range.
 */
@ApplicationScoped
public class EventLog {

    /**
     * The events of one distributor as one group (V21: one row for the append, each event its
     * element of the arrays), numbered later as a range. A group's id is its first event's.
     */
    private static final String APPEND_ONE = """
            insert into event_group (id, distributor_id, time, n, ids, types, subjects, times, data)
            values (($1::uuid[])[1], $2::text, ($5::timestamptz[])[1], cardinality($1::uuid[]), $1::uuid[], $3::text[],
                    $4::text[], $5::timestamptz[], $6::text[])
            """;
    /** The events of several distributors: one group each, in the order of each one's first event. */
    private static final String APPEND_GROUPED = """
            insert into event_group (id, distributor_id, time, n, ids, types, subjects, times, data)
            select (array_agg(t.id order by t.n))[1], t.distributor_id, min(t.time), count(*), array_agg(t.id order by t.n),
                   array_agg(t.type order by t.n), array_agg(t.subject order by t.n), array_agg(t.time order by t.n),
                   array_agg(t.data order by t.n)
              from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[])
                   with ordinality as t(id, distributor_id, type, subject, time, data, n)
             group by t.distributor_id
             order by min(t.n)
            """;

    /**
     * The channel the sequencer notifies, with the distributor as payload, once it has numbered
     * events of that distributor (the feed's long polls and the eligibility cache listen to it).
     */
    public static final String SEQUENCED_CHANNEL = "aval_events_sequenced";

    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<Appended>>> appendedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<Appended>>> committedListeners = new CopyOnWriteArrayList<>();

    /** An event as appended: its type's wire name and its data as the JSON stored. */
    public record Appended(String distributorId, String type, String subject, String json) {}

    /**
     * One event of a change.
     *
     * @param subject the customer document, or the account, hold, invoice or import id
     * @param data the resource as the API answers it after the change (serialised to a JSON object)
     * @param reason the change's reason, or null
     * @param actor who made the change ({@link Caller#actor()}, {@code system} for jobs), or null
     * @param time when the change happened (the unit of work's "now")
     */
    public record Event(
            String distributorId,
            EventType type,
            String subject,
            Object data,
            String reason,
            String actor,
            Instant time) {}

    @Inject
    ObjectMapper mapper;

    /** Appends one event in the caller's transaction ({@code connection} must be inside it). */
    public Uni<Void> append(
            SqlConnection connection,
            String distributorId,
            EventType type,
            String subject,
            Object data,
            String reason,
            String actor,
            Instant time) {
        return appendAll(connection, List.of(new Event(distributorId, type, subject, data, reason, actor, time)));
    }

    /**
     * Appends the events, in this order, in the caller's transaction, with one statement: the
     * set-based variant for batches (status batches, import chunks, sweeps). An empty list does nothing.
     */
    public Uni<Void> appendAll(SqlConnection connection, List<Event> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        UUID[] ids = new UUID[n];
        String[] distributors = new String[n];
        String[] types = new String[n];
        String[] subjects = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            if (e.type() == EventType.WEBHOOK_TEST) {
                throw new IllegalArgumentException("webhook.test goes to one endpoint only, never to the feed");
            }
            ids[i] = Ids.newId();
            distributors[i] = e.distributorId();
            types[i] = e.type().wireName();
            subjects[i] = e.subject();
            times[i] = e.time().atOffset(ZoneOffset.UTC);
            data[i] = json(e);
        }
        boolean oneDistributor = true;
        for (int i = 1; i < n && oneDistributor; i++) {
            oneDistributor = distributors[i].equals(distributors[0]);
        }
        Tuple args = Tuple.tuple()
                .addArrayOfUUID(ids)
                .addValue(oneDistributor ? distributors[0] : distributors)
                .addArrayOfString(types)
                .addArrayOfString(subjects)
                .addArrayOfOffsetDateTime(times)
                .addArrayOfString(data);
        return connection
                .preparedQuery(oneDistributor ? APPEND_ONE : APPEND_GROUPED)
                .execute(args)
                .invoke(() -> {
                    appendListeners.forEach(Runnable::run);
                    if (appendedListeners.isEmpty() && committedListeners.isEmpty()) {
                        return;
                    }
                    List<Appended> appended = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        appended.add(new Appended(distributors[i], types[i], subjects[i], data[i]));
                    }
                    appendedListeners.forEach(l -> l.accept(appended));
                    if (committedListeners.isEmpty()) {
                        return;
                    }
                    Runnable committed = () -> committedListeners.forEach(l -> l.accept(appended));
                    Transaction transaction = connection.transaction();
                    if (transaction != null) {
                        transaction.completion().subscribe().with(done -> committed.run(), rolledBack -> {});
                    } else {
                        PipelinedTransaction.onCommit(connection, committed);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Runs {@code listener} after each append, before the appending transaction commits: the
     * sequencer's cue to look for committed events a moment later.
     */
    public void onAppend(Runnable listener) {
        appendListeners.add(listener);
    }

    /**
     * Gives {@code listener} the events of each append, before the appending transaction commits
     * (it may still roll back): this instance's eligibility cache drops what they touch at once.
     */
    public void onAppended(Consumer<List<Appended>> listener) {
        appendedListeners.add(listener);
    }

    /**
     * Gives {@code listener} the events of each append once their transaction has committed (never
     * for one rolled back): what was read between the append and the commit is stale by then.
     */
    public void onCommitted(Consumer<List<Appended>> listener) {
        committedListeners.add(listener);
    }

    /**
     * The data as one JSON object, serialised once; the reason and the actor are appended to it as
     * members. Numbers keep their scale ({@code 100.00} stays {@code 100.00}: a JSON tree would strip
     * the zeros of money). A resource that already has a member named {@code reason} or {@code actor}
     * gets it replaced, through a tree read back with exact decimals (the rare, slower way).
     */
    private String json(Event e) {
        String json;
        try {
            json = mapper.writeValueAsString(e.data());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise the event's data", ex);
        }
        if (!json.startsWith("{") || !json.endsWith("}")) {
            throw new IllegalArgumentException("an event's data is a JSON object (the resource), not "
                    + json.substring(0, Math.min(json.length(), 20)));
        }
        if (e.reason() == null && e.actor() == null) {
            return json;
        }
        if (json.contains("\"reason\":") || json.contains("\"actor\":")) {
            return replaced(json, e);
        }
        StringBuilder out = new StringBuilder(json.length() + 96).append(json, 0, json.length() - 1);
        boolean first = json.substring(1, json.length() - 1).isBlank();
        first = member(out, first, "reason", e.reason());
        member(out, first, "actor", e.actor());
        return out.append('}').toString();
    }

    private boolean member(StringBuilder out, boolean first, String name, String value) {
        if (value == null) {
            return first;
        }
        if (!first) {
            out.append(',');
        }
        try {
            out.append('"').append(name).append("\":").append(mapper.writeValueAsString(value));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise the event's " + name, ex);
        }
        return false;
    }

    private String replaced(String json, Event e) {
        try {
            ObjectNode object = (ObjectNode) mapper.reader()
                    .with(JsonNodeFactory.withExactBigDecimals(true))
                    .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                    .readTree(json);
            if (e.reason() != null) {
                object.put("reason", e.reason());
            }
            if (e.actor() != null) {
                object.put("actor", e.actor());
            }
            return mapper.writeValueAsString(object);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot serialise the event's data", ex);
        }
    }
}
