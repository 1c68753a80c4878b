package dev.aval.customer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.Bounds;
import dev.aval.platform.Cursor;
import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.Page;
import dev.aval.platform.Problem;
import dev.aval.platform.ProblemException;
import dev.aval.platform.SystemClock;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CustomerService {

    public static final int MAX_BATCH = 1000;
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    /** No decision is older than this (domain.md §2): an earlier {@code occurredAt} is a client's bug. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    /** A customer just registered (created) or found. */
    public record Registered(CustomerView customer, boolean created) {}

    /** A validated status update. */
    record StatusCommand(Document document, CustomerStatus status, String reason, Instant occurredAt) {}

    @Inject
    StatusWriter writer;

    @Inject
    CustomerRepository customers;

    @Inject
    Clock clock;

    /** Registers the customer PEN (not decided) when absent; an existing one is answered as it is. */
    public Uni<Registered> register(String distributorId, Document document, String actor) {
        return customers.register(distributorId, document, now(), actor);
    }

    public Uni<CustomerView> get(String distributorId, Document document) {
        return find(distributorId, document).map(Customer::view);
    }

    public Uni<Page<CustomerView>> list(String distributorId, CustomerStatus status, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        return customers
                .list(distributorId, status, Cursor.decodeId(cursor), size + 1)
                .map(rows -> Page.of(rows, size, c -> c.id().toString(), Customer::view));
    }

    public Uni<Page<StatusChangeView>> history(String distributorId, Document document, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        UUID before = Cursor.decodeId(cursor);
        return find(distributorId, document)
                .chain(c -> customers.history(c.id(), before, size + 1))
                .map(rows -> Page.of(rows, size, h -> h.id().toString(), StatusChange::view));
    }

    public Uni<StatusResultView> changeStatus(
            String distributorId, Document document, StatusRequest request, String actor) {
        Instant now = now();
        StatusCommand command =
                new StatusCommand(document, request.status(), request.reason(), occurredAt(request.occurredAt(), now));
        return writer.apply(distributorId, List.of(command), now, actor)
                .map(results -> new StatusResultView(
                        results.get(0).outcome(), results.get(0).customer()));
    }

    /**
     * Validates every item, then applies the valid ones together ({@link StatusWriter}); invalid
     * items are REJECTED without stopping the others. Results come back in input order.
     */
    public Uni<BatchResultView> changeStatuses(
            String distributorId, List<BatchStatusRequest.Item> items, String actor) {
        if (items.size() > MAX_BATCH) {
            throw new ProblemException(
                    413,
                    "PAYLOAD_TOO_LARGE",
                    "Payload too large",
                    "a batch holds at most " + MAX_BATCH + " items; got " + items.size());
        }
        Instant now = now();
        BatchResultView.Result[] results = new BatchResultView.Result[items.size()];
        List<Integer> valid = new ArrayList<>();
        List<StatusCommand> commands = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            BatchStatusRequest.Item item = items.get(i);
            List<Problem.FieldError> errors = new ArrayList<>();
            StatusCommand command = validate(item, now, errors);
            if (command == null) {
                String document = item == null || item.document() == null ? null : Document.normalise(item.document());
                results[i] = new BatchResultView.Result(i, document, Outcome.REJECTED, null, errors);
            } else {
                valid.add(i);
                commands.add(command);
            }
        }
        return writer.apply(distributorId, commands, now, actor).map(applied -> {
            for (int k = 0; k < applied.size(); k++) {
                StatusWriter.Result r = applied.get(k);
                int i = valid.get(k);
                results[i] = new BatchResultView.Result(
                        i, r.customer().document(), r.outcome(), r.customer().status(), null);
            }
            return new BatchResultView(Arrays.asList(results));
        });
    }

    private Uni<Customer> find(String distributorId, Document document) {
        return customers.find(distributorId, document).map(c -> {
            if (c == null) {
                throw ProblemException.notFound(
                        "CUSTOMER_NOT_FOUND", "no customer " + document.masked() + " in this distributor");
            }
            return c;
        });
    }

    private static StatusCommand validate(BatchStatusRequest.Item item, Instant now, List<Problem.FieldError> errors) {
        if (item == null) {
            errors.add(new Problem.FieldError("item", "must not be null"));
            return null;
        }
        DocumentType type = null;
        if (item.documentType() != null) {
            try {
                type = DocumentType.valueOf(item.documentType());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(
                        "documentType", "must be one of " + Arrays.toString(DocumentType.values())));
            }
        }
        Document document = null;
        try {
            document = Document.parse(type, item.document());
        } catch (ProblemException e) {
            errors.add(new Problem.FieldError(
                    "document", e.toProblem().errors().get(0).message()));
        }
        CustomerStatus status = null;
        if (item.status() == null) {
            errors.add(new Problem.FieldError("status", "must not be null"));
        } else {
            try {
                status = CustomerStatus.valueOf(item.status());
            } catch (IllegalArgumentException e) {
                errors.add(
                        new Problem.FieldError("status", "must be one of " + Arrays.toString(CustomerStatus.values())));
            }
        }
        if (item.reason() != null && item.reason().length() > 500) {
            errors.add(new Problem.FieldError("reason", "size must be between 0 and 500"));
        } else if (Bounds.hasNul(item.reason())) {
            errors.add(new Problem.FieldError("reason", Bounds.NUL_MESSAGE));
        }
        Instant occurredAt = null;
        try {
            Instant requested = item.occurredAt() == null ? null : Instant.parse(item.occurredAt());
            occurredAt = occurredAt(Bounds.instant(requested, "occurredAt"), now);
        } catch (DateTimeParseException e) {
            errors.add(
                    new Problem.FieldError("occurredAt", "must be an ISO-8601 instant such as 2026-11-22T10:15:30Z"));
        } catch (ProblemException e) {
            errors.add(e.toProblem().errors().get(0));
        }
        return errors.isEmpty() ? new StatusCommand(document, status, item.reason(), occurredAt) : null;
    }

    /**
     * The update's {@code occurredAt}: default now, kept to the microsecond, at most 5 minutes ahead,
     * not before 2000-01-01.
     */
    static Instant occurredAt(Instant requested, Instant now) {
        if (requested == null) {
            return now;
        }
        if (requested.isAfter(now.plus(MAX_FUTURE))) {
            throw ProblemException.validation("occurredAt", "must not be more than 5 minutes in the future");
        }
        if (requested.isBefore(EARLIEST)) {
            throw ProblemException.validation("occurredAt", "must not be before 2000-01-01T00:00:00Z");
        }
        return requested.truncatedTo(ChronoUnit.MICROS);
    }

    private Instant now() {
        return SystemClock.now(clock);
    }
}
