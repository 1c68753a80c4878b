package dev.aval.customer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.EventLog;
import dev.aval.platform.EventType;
import dev.aval.platform.Ids;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Applies status updates — one or a batch of 1,000 — in four set-based statements inside one
 * transaction: create the missing customers, lock every customer concerned in document order
 * (so concurrent writers never deadlock and the newest {@code occurredAt} always wins), decide
 * each update with {@link Customer#changeStatus} in input order, then write the changed rows,
 * their history and their events ({@code customer.registered} for a customer an update created,
 * {@code customer.status_changed} for every APPLIED update) with one more statement.
 */
@ApplicationScoped
class StatusWriter {

    private static final String INSERT_MISSING = """
            insert into customer (id, distributor_id, document, document_type, status, status_reason,
                                  status_occurred_at, created_at, updated_at)
            select t.id, $1, t.document, t.document_type, t.status, t.reason, t.occurred_at, $2, $2
              from unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
                   as t(id, document, document_type, status, reason, occurred_at)
             order by t.document
            on conflict (distributor_id, document) do nothing
            returning document
            """;
    private static final String LOCK = "select " + CustomerRepository.COLUMNS + """
              from customer
             where distributor_id = $1 and document = any($2::text[])
             order by document
               for update
            """;
    private static final String UPDATE = """
            update customer c
               set status = t.status, status_reason = t.reason, status_occurred_at = t.occurred_at,
                   status_decided = true, updated_at = $1
              from unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) as t(id, status, reason, occurred_at)
             where c.id = t.id
            """;
    private static final String HISTORY = """
            insert into customer_status_change (id, customer_id, from_status, to_status, reason, occurred_at,
                                                recorded_at, actor)
            select t.id, t.customer_id, t.from_status, t.to_status, t.reason, t.occurred_at, $1, $2
              from unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
                   as t(id, customer_id, from_status, to_status, reason, occurred_at)
            """;

    /** The outcome of one update and the customer as it is after it. */
    record Result(Outcome outcome, CustomerView customer) {}

    @Inject
    Pool pool;

    @Inject
    EventLog events;

    /** Applies the commands; the results are in the commands' order. */
    Uni<List<Result>> apply(
            String distributorId, List<CustomerService.StatusCommand> commands, Instant now, String actor) {
        if (commands.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // the first update of each document creates it when missing; documents in lock order
        Map<String, Integer> first = new TreeMap<>();
        for (int i = 0; i < commands.size(); i++) {
            first.putIfAbsent(commands.get(i).document().value(), i);
        }
        return pool.withTransaction(conn -> insertMissing(conn, distributorId, commands, first, now)
                .chain(created -> lock(conn, distributorId, first.keySet())
                        .chain(customers -> write(
                                conn,
                                decide(distributorId, commands, first, created, customers, now, actor),
                                now,
                                actor))));
    }

    private Uni<Set<String>> insertMissing(
            SqlConnection conn,
            String distributorId,
            List<CustomerService.StatusCommand> commands,
            Map<String, Integer> first,
            Instant now) {
        int n = first.size();
        UUID[] ids = new UUID[n];
        String[] documents = new String[n];
        String[] types = new String[n];
        String[] statuses = new String[n];
        String[] reasons = new String[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        int j = 0;
        for (int i : first.values()) {
            CustomerService.StatusCommand c = commands.get(i);
            ids[j] = Ids.newId();
            documents[j] = c.document().value();
            types[j] = c.document().type().name();
            statuses[j] = c.status().name();
            reasons[j] = c.reason();
            occurred[j] = utc(c.occurredAt());
            j++;
        }
        Tuple args = Tuple.tuple()
                .addString(distributorId)
                .addOffsetDateTime(utc(now))
                .addArrayOfUUID(ids)
                .addArrayOfString(documents)
                .addArrayOfString(types)
                .addArrayOfString(statuses)
                .addArrayOfString(reasons)
                .addArrayOfOffsetDateTime(occurred);
        return conn.preparedQuery(INSERT_MISSING).execute(args).map(rows -> {
            Set<String> created = new HashSet<>();
            for (Row row : rows) {
                created.add(row.getString(0));
            }
            return created;
        });
    }

    private Uni<Map<String, Customer>> lock(SqlConnection conn, String distributorId, Set<String> documents) {
        return conn.preparedQuery(LOCK)
                .execute(Tuple.of(distributorId, documents.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Customer> customers = new HashMap<>();
                    for (Row row : rows) {
                        Customer c = CustomerRepository.customer(row);
                        customers.put(c.document(), c);
                    }
                    return customers;
                });
    }

    /** What to write: the decisions, in input order, and the rows and history they change. */
    private record Plan(
            List<Result> results,
            Map<UUID, Customer> changed,
            List<StatusChange> history,
            List<EventLog.Event> events) {}

    private static Plan decide(
            String distributorId,
            List<CustomerService.StatusCommand> commands,
            Map<String, Integer> first,
            Set<String> created,
            Map<String, Customer> customers,
            Instant now,
            String actor) {
        List<Result> results = new ArrayList<>(commands.size());
        Map<UUID, Customer> changed = new HashMap<>();
        List<StatusChange> history = new ArrayList<>();
        List<EventLog.Event> events = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            CustomerService.StatusCommand command = commands.get(i);
            Customer c = customers.get(command.document().value());
            Outcome outcome;
            if (created.contains(c.document()) && first.get(c.document()) == i) {
                outcome = Outcome.APPLIED;
                history.add(StatusChange.of(c, null, command.reason(), now));
                events.add(new EventLog.Event(
                        distributorId, EventType.CUSTOMER_REGISTERED, c.document(), c.view(), null, actor, now));
                events.add(new EventLog.Event(
                        distributorId,
                        EventType.CUSTOMER_STATUS_CHANGED,
                        c.document(),
                        new StatusChangedEvent(c.view(), null),
                        command.reason(),
                        actor,
                        now));
            } else {
                Customer.Change change = c.changeStatus(command.status(), command.reason(), command.occurredAt(), now);
                outcome = change.outcome();
                if (outcome == Outcome.APPLIED) {
                    history.add(StatusChange.of(change.after(), c.status(), command.reason(), now));
                    events.add(new EventLog.Event(
                            distributorId,
                            EventType.CUSTOMER_STATUS_CHANGED,
                            c.document(),
                            new StatusChangedEvent(change.after().view(), c.status()),
                            command.reason(),
                            actor,
                            now));
                }
                if (change.writes(c)) {
                    changed.put(c.id(), change.after());
                    customers.put(c.document(), change.after());
                    c = change.after();
                }
            }
            results.add(new Result(outcome, c.view()));
        }
        return new Plan(results, changed, history, events);
    }

    private Uni<List<Result>> write(SqlConnection conn, Plan plan, Instant now, String actor) {
        Uni<Void> update = Uni.createFrom().voidItem();
        if (!plan.changed().isEmpty()) {
            List<Customer> rows = List.copyOf(plan.changed().values());
            Tuple args = Tuple.tuple()
                    .addOffsetDateTime(utc(now))
                    .addArrayOfUUID(rows.stream().map(Customer::id).toArray(UUID[]::new))
                    .addArrayOfString(rows.stream().map(c -> c.status().name()).toArray(String[]::new))
                    .addArrayOfString(rows.stream().map(Customer::statusReason).toArray(String[]::new))
                    .addArrayOfOffsetDateTime(
                            rows.stream().map(c -> utc(c.statusOccurredAt())).toArray(OffsetDateTime[]::new));
            update = conn.preparedQuery(UPDATE).execute(args).replaceWithVoid();
        }
        List<StatusChange> h = plan.history();
        Uni<Void> history = h.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery(HISTORY)
                        .execute(Tuple.tuple()
                                .addOffsetDateTime(utc(now))
                                .addString(actor)
                                .addArrayOfUUID(h.stream().map(StatusChange::id).toArray(UUID[]::new))
                                .addArrayOfUUID(
                                        h.stream().map(StatusChange::customerId).toArray(UUID[]::new))
                                .addArrayOfString(h.stream()
                                        .map(c -> c.fromStatus() == null
                                                ? null
                                                : c.fromStatus().name())
                                        .toArray(String[]::new))
                                .addArrayOfString(
                                        h.stream().map(c -> c.toStatus().name()).toArray(String[]::new))
                                .addArrayOfString(
                                        h.stream().map(StatusChange::reason).toArray(String[]::new))
                                .addArrayOfOffsetDateTime(
                                        h.stream().map(c -> utc(c.occurredAt())).toArray(OffsetDateTime[]::new)))
                        .replaceWithVoid();
        return update.chain(() -> history)
                .chain(() -> events.appendAll(conn, plan.events()))
                .replaceWith(plan.results());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
