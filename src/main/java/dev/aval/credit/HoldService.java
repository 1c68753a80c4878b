package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import dev.aval.distributor.ApiKeyRepository;
import dev.aval.platform.Cursor;
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
 * Holds: place, adjust, capture (whole or partial) into invoices, release, expire, and their reads —
 * all SQL on the reactive pool ({@link HoldRepository}), each write in one transaction that locks the
 * account first ({@link AccountLockQuery#lock}) and reads "now" once the lock is held. The writes that
 * move money own their Idempotency-Key: the answer is stored in the same transaction. Each write
 * appends its events there too ({@link EventLog}, pipelined with the write: a refusal rolls both
 * back): {@code hold.*} (subject the hold's id, data the hold as the API answers it after the change)
 * and, at a capture, {@code invoice.created} per installment.
 */
@ApplicationScoped
public class HoldService {

    @Inject
    Pool pool;

    @Inject
    Idempotency idempotency;

    @Inject
    AccountLockQuery locks;

    @Inject
    ApiKeyRepository directory;

    @Inject
    CreditConfig config;

    @Inject
    HoldMetrics metrics;

    @Inject
    Clock clock;

    @Inject
    EventLog events;

    /**
     * Places a hold (the checkout's hot write): the order's lock, the account's lock, then one
     * statement that checks what needs the database and inserts the hold with its statement entry.
     * Refusals in api.md's order: ORDER_ALREADY_HELD, CREDIT_ACCOUNT_CLOSED, CUSTOMER_NOT_APPROVED,
     * CREDIT_EMAIL_MISMATCH, CREDIT_OVERDUE, CREDIT_INSUFFICIENT.
     *
     * @return 201 with the hold and its Location, or the first answer given to {@code key}
     */
    public Uni<Response> place(
            String distributorId, UUID accountId, String key, String path, HoldRequest request, String actor) {
        String orderId = request.orderId().strip();
        BigDecimal amount = Money.of(request.amount());
        return requireDistributor(distributorId)
                .chain(() -> idempotency.runInTransaction(
                        distributorId,
                        "POST",
                        path,
                        key,
                        request,
                        // the order's lock, then the account's, sent together: one round trip, same order
                        connection -> Uni.combine()
                                .all()
                                .unis(
                                        HoldRepository.lockOrder(connection, distributorId, orderId),
                                        locks.lock(connection, distributorId, accountId))
                                .with((orderLocked, account) -> account)
                                .chain(account -> {
                                    Instant now = account.now();
                                    ProblemException refusal = accountRefusal(account, request.email());
                                    Instant expiresAt = expiresAt(request.expiresAt(), now);
                                    Hold hold = new Hold(
                                            Ids.newId(),
                                            accountId,
                                            orderId,
                                            amount,
                                            null,
                                            HoldStatus.ACTIVE,
                                            expiresAt,
                                            now);
                                    HoldView view = HoldView.of(hold, now);
                                    // pipelined with the place: when it is refused, the refusal rolls the event back
                                    Uni<Void> announced = refusal != null
                                            ? Uni.createFrom().voidItem()
                                            : events.append(
                                                    connection,
                                                    distributorId,
                                                    EventType.HOLD_PLACED,
                                                    hold.id().toString(),
                                                    view,
                                                    null,
                                                    actor,
                                                    now);
                                    return Uni.combine()
                                            .all()
                                            .unis(
                                                    HoldRepository.place(
                                                            connection,
                                                            distributorId,
                                                            hold,
                                                            actor,
                                                            account,
                                                            refusal == null,
                                                            account.blockCreditWhenOverdue(),
                                                            account.overdueGraceDays()),
                                                    announced)
                                            .with((placed, ignored) -> {
                                                if (placed.orderHeld()) {
                                                    throw orderAlreadyHeld(orderId);
                                                }
                                                if (refusal != null) {
                                                    throw refusal;
                                                }
                                                if (placed.overdue()) {
                                                    throw creditOverdue();
                                                }
                                                if (!placed.placed()) {
                                                    throw LockedAccount.insufficient(
                                                            amount, account.availableWithTolerance(placed.reserved()));
                                                }
                                                return Response.status(Response.Status.CREATED)
                                                        .entity(view)
                                                        .header(HttpHeaders.LOCATION, path + "/" + hold.id())
                                                        .build();
                                            });
                                })
                                .invoke(metrics::placed)
                                .onFailure()
                                .invoke(metrics::refused)));
    }

    /** The refusals a hold shares with eligibility that the locked account answers, first one first; or null. */
    private static ProblemException accountRefusal(LockedAccount account, String email) {
        try {
            account.requireOpen();
            account.requireApprovedCustomer();
            account.requireEmail(email);
            return null;
        } catch (ProblemException refused) {
            return refused;
        }
    }

    /**
     * Adjusts an ACTIVE hold's amount and/or expiresAt. An increase is checked like a new hold for
     * the difference (account open, customer APV, nothing overdue, credit available), under the same
     * lock; a decrease never goes below what was captured (422 HOLD_BELOW_CAPTURED).
     */
    public Uni<Response> adjust(
            String distributorId,
            UUID accountId,
            String holdId,
            String key,
            String path,
            AdjustHoldRequest request,
            String actor) {
        UUID id = AccountLockQuery.id(holdId, HoldService::holdNotFound);
        return requireDistributor(distributorId)
                .chain(() -> idempotency.runInTransaction(
                        distributorId,
                        "PATCH",
                        path,
                        key,
                        request,
                        connection -> locks.lock(connection, distributorId, accountId)
                                .chain(account -> HoldRepository.locked(
                                                connection,
                                                accountId,
                                                id,
                                                account.now(),
                                                account.blockCreditWhenOverdue(),
                                                account.overdueGraceDays())
                                        .chain(found -> {
                                            Instant now = account.now();
                                            Hold h = require(found, holdId).hold();
                                            h.requireActive(now);
                                            BigDecimal amount =
                                                    request.amount() == null ? h.amount() : Money.of(request.amount());
                                            h.requireAtLeastCaptured(amount);
                                            Instant expiresAt = request.expiresAt() == null
                                                    ? h.expiresAt()
                                                    : expiresAt(request.expiresAt(), now);
                                            BigDecimal increase = amount.subtract(h.amount());
                                            if (increase.signum() > 0) {
                                                account.requireOpen();
                                                account.requireApprovedCustomer();
                                                if (found.overdue()) {
                                                    throw creditOverdue();
                                                }
                                                account.requireCreditFor(increase, found.reserved());
                                            }
                                            Hold adjusted = new Hold(
                                                    h.id(),
                                                    h.accountId(),
                                                    h.orderId(),
                                                    amount,
                                                    h.capturedAmount(),
                                                    h.status(),
                                                    expiresAt,
                                                    h.createdAt());
                                            HoldView view = HoldView.of(adjusted, now);
                                            Response answer = Response.ok(view).build();
                                            if (increase.signum() == 0 && expiresAt.equals(h.expiresAt())) {
                                                return Uni.createFrom().item(answer);
                                            }
                                            return Uni.combine()
                                                    .all()
                                                    .unis(
                                                            HoldRepository.adjust(
                                                                    connection,
                                                                    h,
                                                                    amount,
                                                                    expiresAt,
                                                                    account.outstanding(),
                                                                    found.reserved()
                                                                            .add(increase),
                                                                    actor,
                                                                    now),
                                                            events.append(
                                                                    connection,
                                                                    distributorId,
                                                                    EventType.HOLD_ADJUSTED,
                                                                    h.id().toString(),
                                                                    view,
                                                                    null,
                                                                    actor,
                                                                    now))
                                                    .discardItems()
                                                    .replaceWith(answer);
                                        }))
                                .invoke(metrics::adjusted)
                                .onFailure()
                                .invoke(metrics::adjustRefused)));
    }

    /**
     * Captures all or part of what a hold still reserves into 1–12 invoices (cents split, the
     * remainder on the last, due every 30 days from firstDueInDays). A final capture (the default)
     * releases the rest and ends the hold as CAPTURED; a non-final one keeps the rest reserved and the
     * hold ACTIVE. Two round trips after the lock: the hold with reserved, then the capture's statement
     * and its invoices, pipelined on the connection.
     */
    public Uni<Response> capture(
            String distributorId,
            UUID accountId,
            String holdId,
            String key,
            String path,
            CaptureRequest request,
            String actor) {
        UUID id = AccountLockQuery.id(holdId, HoldService::holdNotFound);
        int installments = request.installments() == null ? 1 : request.installments();
        int firstDueInDays = request.firstDueInDays() == null ? 30 : request.firstDueInDays();
        boolean releasesRest = request.releasesRest();
        return requireDistributor(distributorId)
                .chain(() -> idempotency.runInTransaction(
                        distributorId,
                        "POST",
                        path,
                        key,
                        request,
                        connection -> locks.lock(connection, distributorId, accountId)
                                .chain(account -> HoldRepository.locked(
                                                connection, accountId, id, account.now(), false, 0)
                                        .chain(found -> {
                                            Instant now = account.now();
                                            Hold h = require(found, holdId).hold();
                                            h.requireActive(now);
                                            BigDecimal captured = h.toCapture(request.amount());
                                            // captured whole by non-final captures: a final one only ends it
                                            boolean nothingLeft = captured.signum() == 0;
                                            if (nothingLeft && !releasesRest) {
                                                throw ProblemException.validation(
                                                        "amount",
                                                        "the hold has nothing left to capture; a final capture ends it");
                                            }
                                            List<BigDecimal> parts =
                                                    nothingLeft ? List.of() : split(captured, installments);
                                            BigDecimal rest = releasesRest
                                                    ? h.uncaptured().subtract(captured)
                                                    : Money.ZERO;
                                            HoldStatus status = releasesRest ? HoldStatus.CAPTURED : HoldStatus.ACTIVE;
                                            LocalDate today = SaoPauloCalendar.today(now);
                                            List<InvoiceWriter.NewInvoice> invoices = new ArrayList<>(parts.size());
                                            for (int i = 0; i < parts.size(); i++) {
                                                invoices.add(new InvoiceWriter.NewInvoice(
                                                        Ids.newId(),
                                                        distributorId,
                                                        accountId,
                                                        h.id(),
                                                        h.orderId(),
                                                        i + 1,
                                                        installments,
                                                        parts.get(i),
                                                        today.plusDays(firstDueInDays + 30L * i),
                                                        now));
                                            }
                                            Hold after = new Hold(
                                                    h.id(),
                                                    h.accountId(),
                                                    h.orderId(),
                                                    h.amount(),
                                                    h.captured().add(captured),
                                                    status,
                                                    h.expiresAt(),
                                                    h.createdAt());
                                            CaptureView view = new CaptureView(
                                                    HoldView.of(after, now),
                                                    invoices.stream()
                                                            .map(i -> i.view(today, account.overdueGraceDays()))
                                                            .toList());
                                            // pipelined: all are sent before any answer is read
                                            return Uni.combine()
                                                    .all()
                                                    .unis(
                                                            HoldRepository.capture(
                                                                    connection,
                                                                    h,
                                                                    captured,
                                                                    status,
                                                                    rest,
                                                                    account.outstanding()
                                                                            .add(captured),
                                                                    found.reserved()
                                                                            .subtract(captured),
                                                                    actor,
                                                                    now),
                                                            InvoiceWriter.insert(connection, invoices),
                                                            events.appendAll(
                                                                    connection,
                                                                    captureEvents(distributorId, view, actor, now)))
                                                    .discardItems()
                                                    .replaceWith(
                                                            Response.ok(view).build());
                                        }))
                                .invoke(() -> metrics.captured(releasesRest))));
    }

    /**
     * Releases an active hold (a partly captured one ends CAPTURED: what was captured stands).
     * Releasing a RELEASED or EXPIRED hold answers it as it is (an ACTIVE hold past expiresAt has its
     * expiry stored here); a CAPTURED one is a 409.
     */
    public Uni<HoldView> release(String distributorId, UUID accountId, String holdId, String actor) {
        UUID id = AccountLockQuery.id(holdId, HoldService::holdNotFound);
        return pool.withTransaction(connection -> locks.lock(connection, distributorId, accountId)
                .chain(account -> HoldRepository.locked(connection, accountId, id, account.now(), false, 0)
                        .chain(found -> {
                            Instant now = account.now();
                            Hold h = require(found, holdId).hold();
                            HoldStatus status = h.statusAt(now);
                            if (status == HoldStatus.CAPTURED) {
                                throw ProblemException.conflict("HOLD_NOT_ACTIVE", "hold " + h.id() + " is CAPTURED");
                            }
                            if (status == HoldStatus.RELEASED || status == HoldStatus.EXPIRED) {
                                // stored with every earlier expiry of the account, in order, as the sweeper does:
                                // an expiry's balances-after are read from the entries before it
                                Uni<Integer> stored = h.status() == HoldStatus.ACTIVE
                                        ? storeExpiries(connection, distributorId, accountId, now)
                                        : Uni.createFrom().item(0);
                                return stored.replaceWith(HoldView.of(h, now));
                            }
                            HoldStatus released = h.released();
                            Hold after = new Hold(
                                    h.id(),
                                    h.accountId(),
                                    h.orderId(),
                                    h.amount(),
                                    h.capturedAmount(),
                                    released,
                                    h.expiresAt(),
                                    h.createdAt());
                            HoldView view = HoldView.of(after, now);
                            return Uni.combine()
                                    .all()
                                    .unis(
                                            HoldRepository.release(
                                                    connection,
                                                    h,
                                                    released,
                                                    account.outstanding(),
                                                    found.reserved().subtract(h.uncaptured()),
                                                    actor,
                                                    now),
                                            events.append(
                                                    connection,
                                                    distributorId,
                                                    EventType.HOLD_RELEASED,
                                                    h.id().toString(),
                                                    view,
                                                    null,
                                                    actor,
                                                    now))
                                    .discardItems()
                                    .replaceWith(view);
                        })));
    }

    public Uni<HoldView> get(String distributorId, UUID accountId, String holdId) {
        UUID id = AccountLockQuery.id(holdId, HoldService::holdNotFound);
        Instant now = SystemClock.now(clock);
        return HoldRepository.find(pool, distributorId, accountId, id).map(found -> {
            if (!found.account()) {
                throw AccountLockQuery.accountNotFound(accountId);
            }
            if (found.hold() == null) {
                throw holdNotFound(holdId);
            }
            return HoldView.of(found.hold(), now);
        });
    }

    /** The account's holds in creation order, optionally by status (as of now). */
    public Uni<Page<HoldView>> list(
            String distributorId, UUID accountId, HoldStatus status, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        UUID after = Cursor.decodeId(cursor);
        Instant now = SystemClock.now(clock);
        return HoldRepository.pageOfAccount(pool, distributorId, accountId, status, now, after, size)
                .map(rows -> {
                    if (rows == null) {
                        throw AccountLockQuery.accountNotFound(accountId);
                    }
                    return Page.of(rows, size, h -> h.id().toString(), h -> HoldView.of(h, now));
                });
    }

    /** The distributor's holds across its accounts, newest first, by orderId and status (as of now). */
    public Uni<Page<HoldView>> search(
            String distributorId, String orderId, HoldStatus status, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        UUID before = Cursor.decodeId(cursor);
        Instant now = SystemClock.now(clock);
        String order = orderId == null || orderId.isBlank() ? null : orderId.strip();
        return HoldRepository.pageOfDistributor(pool, distributorId, order, status, now, before, size)
                .map(rows -> Page.of(rows, size, h -> h.id().toString(), h -> HoldView.of(h, now)));
    }

    /**
     * Stores the expirations of one account under its lock (the sweeper's unit of work), with their
     * {@code hold.expired} events appended in one statement; how many.
     */
    public Uni<Integer> expire(UUID accountId) {
        return pool.withTransaction(connection -> HoldRepository.lockForExpiry(connection, accountId)
                .chain(distributorId -> {
                    if (distributorId == null) {
                        return Uni.createFrom().item(0);
                    }
                    return storeExpiries(connection, distributorId, accountId, SystemClock.now(clock));
                }));
    }

    /**
     * Stores, under the account's lock, every hold of the account past its expiresAt, oldest expiry
     * first (each entry's balances-after are read from those before it), with their {@code
     * hold.expired} events in one statement; how many.
     */
    private Uni<Integer> storeExpiries(SqlConnection connection, String distributorId, UUID accountId, Instant now) {
        return HoldRepository.due(connection, accountId, now)
                .chain(due -> due.isEmpty()
                        ? Uni.createFrom().item(0)
                        : Multi.createFrom()
                                .iterable(due)
                                .onItem()
                                .transformToUniAndConcatenate(h -> HoldRepository.expire(connection, h, now))
                                .collect()
                                .last()
                                .chain(() -> events.appendAll(
                                        connection,
                                        due.stream()
                                                .map(h -> expired(distributorId, HoldView.of(h, now), now))
                                                .toList()))
                                .replaceWith(due.size()));
    }

    /** Sweeps up to {@code max} accounts, one short transaction each; returns how many holds expired. */
    public Uni<Integer> sweep(int max) {
        return HoldRepository.accountsWithDueHolds(pool, SystemClock.now(clock), max)
                .chain(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(0)
                        : Multi.createFrom()
                                .iterable(ids)
                                .onItem()
                                .transformToUniAndConcatenate(this::expire)
                                .collect()
                                .with(java.util.stream.Collectors.summingInt(Integer::intValue)));
    }

    /**
     * 404 DISTRIBUTOR_NOT_FOUND first (the admin key may name any distributor; known ones are
     * cached for good). The distributor's credit settings are read with the account's lock.
     */
    private Uni<Void> requireDistributor(String distributorId) {
        return directory
                .distributorExists(distributorId)
                .invoke(exists -> {
                    if (!exists) {
                        throw ProblemException.notFound(
                                "DISTRIBUTOR_NOT_FOUND", "distributor '" + distributorId + "' does not exist");
                    }
                })
                .replaceWithVoid();
    }

    private Instant expiresAt(Instant requested, Instant now) {
        if (requested == null) {
            return now.plus(config.holdDefaultTtl());
        }
        if (!requested.isAfter(now)) {
            throw ProblemException.validation("expiresAt", "must be in the future");
        }
        if (requested.isAfter(now.plus(config.holdMaxTtl()))) {
            throw ProblemException.validation(
                    "expiresAt", "must be at most " + config.holdMaxTtl().toDays() + " days away");
        }
        return requested.truncatedTo(ChronoUnit.MICROS);
    }

    /** A capture's events: {@code hold.captured} (the hold, with the invoices it made), then each {@code invoice.created}. */
    private static List<EventLog.Event> captureEvents(
            String distributorId, CaptureView capture, String actor, Instant now) {
        List<EventLog.Event> list = new ArrayList<>(1 + capture.invoices().size());
        list.add(new EventLog.Event(
                distributorId,
                EventType.HOLD_CAPTURED,
                capture.hold().id().toString(),
                new HoldCapturedEvent(capture.hold(), capture.invoices()),
                null,
                actor,
                now));
        for (InvoiceView invoice : capture.invoices()) {
            list.add(new EventLog.Event(
                    distributorId, EventType.INVOICE_CREATED, invoice.id().toString(), invoice, null, actor, now));
        }
        return list;
    }

    /** {@code hold.expired}: recorded by the sweeper (or a release that found it expired), by {@code system}. */
    private static EventLog.Event expired(String distributorId, HoldView view, Instant now) {
        return new EventLog.Event(
                distributorId, EventType.HOLD_EXPIRED, view.id().toString(), view, null, HoldRepository.SYSTEM, now);
    }

    private static List<BigDecimal> split(BigDecimal amount, int installments) {
        try {
            return Money.split(amount, installments);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(
                    "amount", "must be at least 0.01 per installment (" + installments + " installments)");
        }
    }

    private static HoldRepository.Locked require(HoldRepository.Locked found, String holdId) {
        if (found == null) {
            throw holdNotFound(holdId);
        }
        return found;
    }

    private static ProblemException orderAlreadyHeld(String orderId) {
        return ProblemException.conflict(
                "ORDER_ALREADY_HELD",
                "order " + orderId + " already has an ACTIVE or CAPTURED hold in this distributor");
    }

    private static ProblemException creditOverdue() {
        return ProblemException.unprocessable(
                "CREDIT_OVERDUE",
                "the customer has an overdue invoice and this distributor blocks credit when overdue");
    }

    private static ProblemException holdNotFound(String holdId) {
        return ProblemException.notFound("HOLD_NOT_FOUND", "no hold " + holdId + " on this account");
    }
}
