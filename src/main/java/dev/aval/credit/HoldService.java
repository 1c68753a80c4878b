package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import dev.aval.customer.CustomerStatus;
import dev.aval.distributor.DistributorService;
import dev.aval.platform.Ids;
import dev.aval.platform.Page;
import dev.aval.platform.PageQuery;
import dev.aval.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Holds: place (under the account lock), capture into invoices, release, expire. */
@ApplicationScoped
public class HoldService {

    @Inject
    DistributorService distributors;
    @Inject
    CreditConfig config;
    @Inject
    AccountLocks locks;

    /**
     * A statement of its own after the lock: under READ COMMITTED its snapshot is taken once the
     * lock is held, so it sees every hold committed by the transactions the lock waited for.
     */
    private static final String INSERT = """
            with hold as (
                insert into credit_hold (id, distributor_id, account_id, order_id, amount, status, expires_at, actor,
                                         created_at, updated_at)
                values ($1, $14, $2, $3, $4, 'ACTIVE', $5, $6, $7, $7))
            insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                reference, reason, actor, occurred_at)
            values ($8, $2, 'HOLD_PLACED', $4, $9, $10, $11, $12, $6, credit_entry_at($2, $13))
            """;

    /**
     * Places a hold, in the caller's transaction on {@code connection} (the checkout's hot write:
     * four statements of the reactive client, no entity session). The account row is locked first,
     * so the check "amount ≤ availableCreditWithTolerance" and the insert are one atomic step for
     * every instance. Expired holds need no sweeping here: reserved never counts them (as of the
     * time the lock is held).
     */
    public Uni<HoldView> place(SqlConnection connection, String distributorId, UUID accountId, HoldRequest request,
            String actor) {
        Instant expiresAt = expiresAt(request.expiresAt(), CreditAccountService.now());
        BigDecimal amount = Money.of(request.amount());
        return locks.lock(connection, distributorId, accountId)
                .chain(account -> {
                    account.requireOpen();
                    account.requireApprovedCustomer();
                    Instant now = account.now();
                    return AccountQuery.reserved(connection, accountId, now).chain(reserved -> {
                        account.requireCreditFor(amount, reserved);
                        if (!expiresAt.isAfter(now)) { // passed while the request waited for the lock
                            throw ProblemException.validation("expiresAt", "must be in the future");
                        }
                        Hold hold = Hold.place(accountId, request.orderId().strip(), amount, expiresAt, actor, now);
                        return connection.preparedQuery(INSERT).execute(Tuple.tuple()
                                .addUUID(hold.id).addUUID(accountId).addString(hold.orderId).addBigDecimal(hold.amount)
                                .addOffsetDateTime(utc(hold.expiresAt)).addString(actor).addOffsetDateTime(utc(now))
                                .addUUID(Ids.newId()).addBigDecimal(account.outstanding())
                                .addBigDecimal(reserved.add(amount)).addString("hold:" + hold.id)
                                .addString("order " + hold.orderId).addOffsetDateTime(utc(now))
                                .addString(distributorId))
                                .replaceWith(HoldView.of(hold, now));
                    });
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private Instant expiresAt(Instant requested, Instant now) {
        if (requested == null) {
            return now.plus(config.holdDefaultTtl());
        }
        if (!requested.isAfter(now)) {
            throw ProblemException.validation("expiresAt", "must be in the future");
        }
        if (requested.isAfter(now.plus(config.holdMaxTtl()))) {
            throw ProblemException.validation("expiresAt", "must be at most " + config.holdMaxTtl().toDays() + " days away");
        }
        return requested.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    @WithSession
    public Uni<HoldView> get(String distributorId, UUID accountId, String holdId) {
        Instant now = CreditAccountService.now();
        return AccountLocks.find(distributorId, accountId).chain(a -> hold(a, holdId, false)).map(h -> HoldView.of(h, now));
    }

    @WithSession
    public Uni<Page<HoldView>> list(String distributorId, UUID accountId, HoldStatus status, Integer limit, String cursor) {
        PageQuery q = PageQuery.of(limit, cursor);
        Instant now = CreditAccountService.now();
        return AccountLocks.find(distributorId, accountId).chain(a -> {
            q.where("accountId = :a", "a", a.id);
            if (status == HoldStatus.ACTIVE) {
                q.where("status = :active and expiresAt > :now", "active", HoldStatus.ACTIVE, "now", now);
            } else if (status == HoldStatus.EXPIRED) {
                q.where("(status = :expired or (status = :active and expiresAt <= :now))",
                        "expired", HoldStatus.EXPIRED, "active", HoldStatus.ACTIVE, "now", now);
            } else {
                q.whereGiven("status = :status", "status", status);
            }
            return Hold.<Hold> find(q.query(), q.params()).range(0, q.size()).list()
                    .map(rows -> q.page(rows, h -> h.id, h -> HoldView.of(h, now)));
        });
    }

    /**
     * Captures all or part of a hold into 1–12 invoices (cents split, the remainder on the last,
     * due every 30 days from firstDueInDays); the uncaptured rest is released.
     */
    @WithTransaction
    public Uni<CaptureView> capture(String distributorId, UUID accountId, String holdId, CaptureRequest request,
            String actor) {
        int installments = request.installments() == null ? 1 : request.installments();
        int firstDueInDays = request.firstDueInDays() == null ? 30 : request.firstDueInDays();
        return distributors.get(distributorId).chain(distributor -> AccountLocks.locked(distributorId, accountId,
                (a, now) -> HoldExpiry.expireDue(a, now).chain(() -> hold(a, holdId, true)).chain(h -> {
                    BigDecimal rest = h.capture(request.amount(), now);
                    List<BigDecimal> parts = split(h.capturedAmount, installments);
                    LocalDate today = SaoPauloCalendar.today(now);
                    List<Invoice> invoices = new ArrayList<>(installments);
                    for (int i = 0; i < installments; i++) {
                        invoices.add(Invoice.of(a.distributorId, h, i + 1, installments, parts.get(i),
                                today.plusDays(firstDueInDays + 30L * i), now));
                    }
                    a.addOutstanding(h.capturedAmount);
                    return flushThenReserved(a, now)
                            .chain(withoutHold -> {
                                // the capture moves the captured amount from reserved to outstanding, then the rest leaves
                                return StatementWriter.record(a, EntryType.HOLD_CAPTURED, h.capturedAmount,
                                        withoutHold.add(rest), "hold:" + h.id, "order " + h.orderId, actor, now)
                                        .call(() -> rest.signum() == 0 ? Uni.createFrom().voidItem()
                                                : StatementWriter.record(a, EntryType.HOLD_RELEASED, rest.negate(), withoutHold,
                                                        "hold:" + h.id, "uncaptured rest of order " + h.orderId, actor, now));
                            })
                            .chain(() -> Invoice.persist(invoices))
                            .map(ignored -> new CaptureView(HoldView.of(h, now), invoices.stream()
                                    .map(i -> InvoiceView.of(i, today, distributor.overdueGraceDays())).toList()));
                })));
    }

    /** Runs {@code work} with the time read once the account's lock is held (see {@link AccountLocks#locked}). */
    private static <T> Uni<T> lockedAt(java.util.function.Function<Instant, Uni<T>> work) {
        return work.apply(CreditAccountService.now());
    }

    /** Reserved after the hold's new status is written (so it no longer counts). */
    private static Uni<BigDecimal> flushThenReserved(CreditAccount a, Instant now) {
        return Panache.getSession().chain(s -> s.flush()).chain(() -> AccountQuery.reserved(a.id, now));
    }

    private static List<BigDecimal> split(BigDecimal amount, int installments) {
        try {
            return Money.split(amount, installments);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("amount", "must be at least 0.01 per installment ("
                    + installments + " installments)");
        }
    }

    /**
     * Releases an active hold. Releasing a RELEASED or EXPIRED hold answers it as it is (an
     * ACTIVE hold past expiresAt is stored as EXPIRED here); a CAPTURED one is a 409.
     */
    @WithTransaction
    public Uni<HoldView> release(String distributorId, UUID accountId, String holdId, String actor) {
        return AccountLocks.locked(distributorId, accountId,
                (a, now) -> HoldExpiry.expireDue(a, now).chain(() -> hold(a, holdId, true)).chain(h -> {
                    HoldStatus status = h.statusAt(now);
                    if (status == HoldStatus.RELEASED || status == HoldStatus.EXPIRED) {
                        return Uni.createFrom().item(HoldView.of(h, now));
                    }
                    h.release(now);
                    return flushThenReserved(a, now)
                            .chain(reserved -> StatementWriter.record(a, EntryType.HOLD_RELEASED, h.amount.negate(), reserved,
                                    "hold:" + h.id, "order " + h.orderId, actor, now))
                            .replaceWith(HoldView.of(h, now));
                }));
    }

    /** Stores the expirations of one account (the sweeper's unit of work). */
    @WithTransaction
    public Uni<Integer> expire(UUID accountId) {
        return CreditAccount.<CreditAccount> find("id", accountId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .chain(a -> a == null ? Uni.createFrom().item(0) : lockedAt(now -> HoldExpiry.expireDue(a, now)));
    }

    /** Accounts with at least one ACTIVE hold past its expiresAt. */
    @WithSession
    public Uni<List<UUID>> accountsWithDueHolds(int max) {
        return Panache.getSession()
                .chain(s -> s.createSelectionQuery(
                        "select distinct h.accountId from Hold h where h.status = :s and h.expiresAt <= :now", UUID.class)
                        .setParameter("s", HoldStatus.ACTIVE).setParameter("now", CreditAccountService.now())
                        .setMaxResults(max).getResultList());
    }

    /** Sweeps up to {@code max} accounts, one short transaction each; returns how many holds expired. */
    public Uni<Integer> sweep(int max) {
        return accountsWithDueHolds(max)
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(ids)
                                .onItem().transformToUniAndConcatenate(this::expire)
                                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue)));
    }

    private static Uni<Hold> hold(CreditAccount a, String holdId, boolean lock) {
        UUID id = AccountLocks.id(holdId, HoldService::holdNotFound);
        var query = Hold.<Hold> find("id = ?1 and accountId = ?2", id, a.id);
        if (lock) {
            query = query.withLock(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.firstResult().map(h -> {
            if (h == null) {
                throw holdNotFound(holdId);
            }
            return h;
        });
    }

    private static ProblemException holdNotFound(String holdId) {
        return ProblemException.notFound("HOLD_NOT_FOUND", "no hold " + holdId + " on this account");
    }
}
