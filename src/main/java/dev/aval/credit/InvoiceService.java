package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import dev.aval.distributor.ApiKeyRepository;
import dev.aval.platform.Bounds;
import dev.aval.platform.Cursor;
import dev.aval.platform.Document;
import dev.aval.platform.EventLog;
import dev.aval.platform.EventType;
import dev.aval.platform.Idempotency;
import dev.aval.platform.Ids;
import dev.aval.platform.Page;
import dev.aval.platform.ProblemException;
import dev.aval.platform.SystemClock;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Invoices: one, the account's (by status, overdue), the distributor's across its accounts
 * (collections); payments, credit notes and cancellation, which lower outstanding, and
 * postponement. In SQL on the pool (docs/architecture.md, {@link InvoiceRepository}); every change
 * runs on one transaction's connection under the account's lock ({@link AccountLockQuery#lock}), with
 * "now" read once the lock is held, and writes its statement entry there. Payments and credit notes
 * are idempotent: this service runs them through {@link Idempotency}, the caller passes the key.
 * Each change appends its {@code invoice.*} event in its transaction ({@link EventLog}; subject the
 * invoice's id, data an {@link InvoiceEvent}); {@link #announceOverdue} is the periodic scan that
 * records {@code invoice.overdue}.
 */
@ApplicationScoped
public class InvoiceService {

    /** The actor of what the clock alone does. */
    private static final String SYSTEM = "system";

    @Inject
    Pool pool;

    @Inject
    Idempotency idempotency;

    @Inject
    AccountLockQuery locks;

    @Inject
    Clock clock;

    @Inject
    ApiKeyRepository distributors;

    @Inject
    InvoiceMetrics metrics;

    @Inject
    EventLog events;

    /** The account's invoices in creation order, by status and/or overdue. */
    public Uni<Page<InvoiceView>> list(
            String distributorId, UUID accountId, InvoiceStatus status, Boolean overdue, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        UUID after = Cursor.decodeId(cursor);
        LocalDate today = today();
        return graceDays(distributorId)
                .chain(grace -> AccountRepository.requireExists(pool, distributorId, accountId)
                        .chain(() -> InvoiceRepository.list(
                                pool, accountId, status, overdue, Invoice.overdueBefore(today, grace), after, size + 1))
                        .map(rows -> Page.of(rows, size, i -> i.id().toString(), i -> i.view(today, grace))));
    }

    /** One invoice of the account; another account's (or distributor's) is INVOICE_NOT_FOUND. */
    public Uni<InvoiceView> get(String distributorId, UUID accountId, UUID invoiceId) {
        LocalDate today = today();
        return graceDays(distributorId)
                .chain(grace -> AccountRepository.requireExists(pool, distributorId, accountId)
                        .chain(() -> InvoiceRepository.find(pool, accountId, invoiceId, false))
                        .map(i -> require(i, invoiceId).view(today, grace)));
    }

    /**
     * The distributor's invoices across its accounts, oldest due date first (ties by id), each with
     * its account's id and document: collections' list. Every filter is optional: {@code overdue} is
     * {@link Invoice#overdue} with the distributor's grace days, as in {@link #list}; {@code dueFrom}
     * and {@code dueTo} are inclusive; {@code document} is the account's. One SQL statement per page,
     * in the order of the index credit_invoice_due.
     *
     * @throws ProblemException 400 VALIDATION_FAILED naming dueTo, limit or cursor
     */
    public Uni<Page<DistributorInvoiceView>> search(
            String distributorId,
            InvoiceStatus status,
            Boolean overdue,
            LocalDate dueFrom,
            LocalDate dueTo,
            Document document,
            Integer limit,
            String cursor) {
        int size = Cursor.limit(limit);
        InvoiceCursor after = InvoiceCursor.decode(cursor);
        if (dueFrom != null && dueTo != null && dueTo.isBefore(dueFrom)) {
            throw ProblemException.validation("dueTo", "must not be before dueFrom");
        }
        LocalDate today = today();
        return graceDays(distributorId)
                .chain(grace -> InvoiceRepository.search(
                                pool,
                                distributorId,
                                status,
                                overdue,
                                Invoice.overdueBefore(today, grace),
                                dueFrom,
                                dueTo,
                                document,
                                after,
                                size + 1)
                        .map(rows -> Page.of(
                                rows,
                                size,
                                f -> InvoiceCursor.of(f.invoice()),
                                f -> DistributorInvoiceView.of(
                                        f.invoice(), f.document(), f.documentType(), today, grace))));
    }

    /**
     * Pays all (amount omitted) or part of an OPEN invoice, once per Idempotency-Key: 200 the invoice.
     *
     * @param path the request's path, the key's scope with the distributor and the method
     */
    public Uni<Response> pay(
            String distributorId,
            UUID accountId,
            UUID invoiceId,
            String key,
            String path,
            PaymentRequest request,
            String actor) {
        PaymentRequest body = request == null ? new PaymentRequest(null, null) : request;
        return graceDays(distributorId)
                .chain(grace -> idempotency.runInTransaction(
                        distributorId,
                        "POST",
                        path,
                        key,
                        body,
                        connection -> change(connection, distributorId, accountId, invoiceId, (a, i) -> {
                            Invoice paid = i.pay(body.amount(), a.now());
                            BigDecimal amount = paid.paidAmount().subtract(i.paidAmount());
                            InvoiceView view = paid.view(SaoPauloCalendar.today(a.now()), grace);
                            return moved(
                                            connection,
                                            a,
                                            paid,
                                            EntryType.INVOICE_PAID,
                                            amount,
                                            "invoice:" + i.id(),
                                            body.reference() == null ? null : "payment " + body.reference(),
                                            actor)
                                    .chain(() -> event(
                                            connection,
                                            EventType.INVOICE_PAID,
                                            new InvoiceEvent(
                                                    view,
                                                    new InvoiceEvent.Payment(amount, body.reference()),
                                                    null,
                                                    null),
                                            a,
                                            null,
                                            actor))
                                    .invoke(() -> metrics.moved(InvoiceMetrics.Change.PAID, amount))
                                    .map(ignored -> Response.ok(view).build());
                        })));
    }

    /**
     * A credit note on an OPEN invoice (goods returned, a discount), once per Idempotency-Key: 201
     * the credit note; at most what is still owed (422 CREDIT_NOTE_EXCEEDS_INVOICE).
     */
    public Uni<Response> credit(
            String distributorId,
            UUID accountId,
            UUID invoiceId,
            String key,
            String path,
            CreditNoteRequest request,
            String actor) {
        return graceDays(distributorId)
                .chain(grace -> idempotency.runInTransaction(
                        distributorId,
                        "POST",
                        path,
                        key,
                        request,
                        connection -> change(connection, distributorId, accountId, invoiceId, (a, i) -> {
                            Invoice credited = i.credit(request.amount(), a.now());
                            CreditNoteView note = new CreditNoteView(
                                    Ids.newId(),
                                    i.id(),
                                    Money.of(request.amount()),
                                    request.reason(),
                                    request.reference(),
                                    a.now());
                            return InvoiceRepository.insert(connection, note, i, actor)
                                    .chain(() -> moved(
                                            connection,
                                            a,
                                            credited,
                                            EntryType.INVOICE_CREDITED,
                                            note.amount(),
                                            "invoice:" + i.id() + " credit-note:" + note.id(),
                                            note.reason(),
                                            actor))
                                    .chain(() -> event(
                                            connection,
                                            EventType.INVOICE_CREDITED,
                                            new InvoiceEvent(
                                                    credited.view(SaoPauloCalendar.today(a.now()), grace),
                                                    null,
                                                    note,
                                                    null),
                                            a,
                                            note.reason(),
                                            actor))
                                    .invoke(() -> metrics.moved(InvoiceMetrics.Change.CREDITED, note.amount()))
                                    .map(ignored -> Response.status(Response.Status.CREATED)
                                            .entity(note)
                                            .build());
                        })));
    }

    /** Moves an OPEN invoice's due date later (422 DUE_DATE_NOT_LATER otherwise); overdue follows the new date. */
    public Uni<InvoiceView> postpone(
            String distributorId, UUID accountId, UUID invoiceId, PostponeRequest request, String actor) {
        Bounds.date(request.dueDate(), "dueDate");
        return graceDays(distributorId)
                .chain(grace -> pool.withTransaction(connection ->
                        change(connection, distributorId, accountId, invoiceId, (a, i) -> {
                            Invoice postponed = i.postpone(request.dueDate(), a.now());
                            InvoiceView view = postponed.view(SaoPauloCalendar.today(a.now()), grace);
                            // still overdue at its new date: not news, unless the old one was never announced
                            Uni<Void> announced = view.overdue()
                                    ? InvoiceRepository.keepOverdueAnnounced(connection, i, postponed.dueDate())
                                    : Uni.createFrom().voidItem();
                            return InvoiceRepository.update(connection, postponed)
                                    .chain(() -> announced)
                                    .chain(() -> AccountQuery.reserved(connection, a.id(), a.now()))
                                    .chain(reserved -> StatementWriter.append(
                                            connection,
                                            new StatementWriter.Movement(
                                                    a.id(),
                                                    EntryType.INVOICE_POSTPONED,
                                                    Money.ZERO,
                                                    a.outstanding(),
                                                    reserved,
                                                    "invoice:" + i.id() + " due " + i.dueDate() + "->"
                                                            + postponed.dueDate(),
                                                    request.reason(),
                                                    actor),
                                            a.now()))
                                    .chain(() -> event(
                                            connection,
                                            EventType.INVOICE_POSTPONED,
                                            new InvoiceEvent(view, null, null, i.dueDate()),
                                            a,
                                            request.reason(),
                                            actor))
                                    .invoke(() -> metrics.changed(InvoiceMetrics.Change.POSTPONED))
                                    .map(ignored -> view);
                        })));
    }

    /** Cancels an OPEN invoice: its unpaid rest leaves outstanding. */
    public Uni<InvoiceView> cancel(String distributorId, UUID accountId, UUID invoiceId, String reason, String actor) {
        return graceDays(distributorId)
                .chain(grace -> pool.withTransaction(connection ->
                        change(connection, distributorId, accountId, invoiceId, (a, i) -> {
                            Invoice cancelled = i.cancel(a.now());
                            InvoiceView view = cancelled.view(SaoPauloCalendar.today(a.now()), grace);
                            return moved(
                                            connection,
                                            a,
                                            cancelled,
                                            EntryType.INVOICE_CANCELLED,
                                            i.owed(),
                                            "invoice:" + i.id(),
                                            reason,
                                            actor)
                                    .chain(() -> event(
                                            connection,
                                            EventType.INVOICE_CANCELLED,
                                            InvoiceEvent.of(view),
                                            a,
                                            reason,
                                            actor))
                                    .invoke(() -> metrics.changed(InvoiceMetrics.Change.CANCELLED))
                                    .map(ignored -> view);
                        })));
    }

    /**
     * The periodic overdue scan (events.md): records {@code invoice.overdue} once for each OPEN
     * invoice that is overdue under its distributor's grace days at the clock's now ({@link
     * Invoice#overdueBefore}, the rule every list uses), at most {@code max} per run. One short
     * transaction per distributor marks its invoices announced and appends their events; rows
     * another transaction holds (a payment under way, another instance's scan) are skipped and
     * looked at again next run. Returns how many invoices were announced.
     */
    public Uni<Integer> announceOverdue(int max) {
        Instant now = SystemClock.now(clock);
        LocalDate today = SaoPauloCalendar.today(now);
        AtomicInteger left = new AtomicInteger(max);
        // the distributors with an invoice past their own grace, oldest due first (the query applies it)
        return InvoiceRepository.distributorsWithUnannounced(pool, today, max)
                .chain(ids -> Multi.createFrom()
                        .iterable(ids)
                        .onItem()
                        .transformToUniAndConcatenate(d -> left.get() <= 0
                                ? Uni.createFrom().item(0)
                                : distributors
                                        .settings(d)
                                        .chain(settings -> settings == null
                                                ? Uni.createFrom().item(0)
                                                : pool.withTransaction(connection -> InvoiceRepository.announceOverdue(
                                                                connection,
                                                                d,
                                                                Invoice.overdueBefore(
                                                                        today, settings.overdueGraceDays()),
                                                                left.get())
                                                        .call(announced -> events.appendAll(
                                                                connection,
                                                                announced.stream()
                                                                        .map(i -> new EventLog.Event(
                                                                                d,
                                                                                EventType.INVOICE_OVERDUE,
                                                                                i.id().toString(),
                                                                                InvoiceEvent.of(i.view(
                                                                                        today,
                                                                                        settings.overdueGraceDays())),
                                                                                null,
                                                                                SYSTEM,
                                                                                now))
                                                                        .toList()))
                                                        .map(announced -> {
                                                            left.addAndGet(-announced.size());
                                                            return announced.size();
                                                        }))))
                        .collect()
                        .with(Collectors.summingInt(Integer::intValue)));
    }

    /** Appends an invoice's event (subject: its id) on the change's connection, at the unit of work's now. */
    private Uni<Void> event(
            SqlConnection connection, EventType type, InvoiceEvent data, LockedAccount a, String reason, String actor) {
        return events.append(
                connection, a.distributorId(), type, data.invoice().id().toString(), data, reason, actor, a.now());
    }

    /** Locks the account, then its invoice (404s when absent), then runs the change. */
    private <T> Uni<T> change(
            SqlConnection connection,
            String distributorId,
            UUID accountId,
            UUID invoiceId,
            BiFunction<LockedAccount, Invoice, Uni<T>> work) {
        return locks.lock(connection, distributorId, accountId)
                .chain(a -> InvoiceRepository.find(connection, accountId, invoiceId, true)
                        .chain(i -> work.apply(a, require(i, invoiceId))));
    }

    /**
     * Stores the changed invoice, lowers the account's outstanding by {@code lowered} and appends the
     * statement entry ({@code −lowered} on outstanding).
     */
    private static Uni<Void> moved(
            SqlConnection connection,
            LockedAccount a,
            Invoice changed,
            EntryType type,
            BigDecimal lowered,
            String reference,
            String reason,
            String actor) {
        return InvoiceRepository.update(connection, changed)
                .chain(() -> AccountRepository.addOutstanding(connection, a.id(), lowered.negate()))
                .chain(outstanding -> AccountQuery.reserved(connection, a.id(), a.now())
                        .chain(reserved -> StatementWriter.append(
                                connection,
                                new StatementWriter.Movement(
                                        a.id(),
                                        type,
                                        lowered.negate(),
                                        outstanding,
                                        reserved,
                                        reference,
                                        reason,
                                        actor),
                                a.now())));
    }

    private Uni<Integer> graceDays(String distributorId) {
        return distributors.settings(distributorId).map(s -> {
            if (s == null) {
                throw ProblemException.notFound(
                        "DISTRIBUTOR_NOT_FOUND", "distributor '" + distributorId + "' does not exist");
            }
            return s.overdueGraceDays();
        });
    }

    private LocalDate today() {
        return SaoPauloCalendar.today(SystemClock.now(clock));
    }

    private static Invoice require(Invoice invoice, UUID invoiceId) {
        if (invoice == null) {
            throw ProblemException.notFound("INVOICE_NOT_FOUND", "no invoice " + invoiceId + " on this account");
        }
        return invoice;
    }
}
