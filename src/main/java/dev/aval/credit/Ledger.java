package dev.aval.credit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import jakarta.persistence.LockModeType;

import dev.aval.platform.Caller;
import dev.aval.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The account-level mechanics shared by accounts, holds and invoices: finding and locking an
 * account, summing reserved, storing expirations, and writing statement entries. Every change
 * of money runs after {@link #lock}, inside the caller's transaction.
 */
final class Ledger {

    static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    private Ledger() {
    }

    static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, SAO_PAULO);
    }

    static ProblemException accountNotFound(Object accountId) {
        return ProblemException.notFound("CREDIT_ACCOUNT_NOT_FOUND", "no credit account " + accountId + " in this distributor");
    }

    /** The path's account id; anything that is not a UUID cannot name an account. */
    static UUID accountId(String raw) {
        return id(raw, Ledger::accountNotFound);
    }

    /** A path id: what is not a UUID names nothing, so it is that resource's 404. */
    static UUID id(String raw, java.util.function.Function<String, ProblemException> notFound) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw notFound.apply(raw);
        }
    }

    static Uni<CreditAccount> find(String distributorId, UUID accountId) {
        return CreditAccount.<CreditAccount> find("id = ?1 and distributorId = ?2", accountId, distributorId)
                .firstResult().map(a -> require(a, accountId));
    }

    /** Loads the account with {@code SELECT … FOR UPDATE}: the lock that serialises its money. */
    static Uni<CreditAccount> lock(String distributorId, UUID accountId) {
        return CreditAccount.<CreditAccount> find("id = ?1 and distributorId = ?2", accountId, distributorId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult().map(a -> require(a, accountId))
                .call(a -> Panache.getSession().chain(s -> s.createSelectionQuery(
                        "select max(e.occurredAt) from StatementEntry e where e.accountId = :a", Instant.class)
                        .setParameter("a", a.id).getSingleResultOrNull())
                        .invoke(last -> a.lastRecordedAt = last));
    }

    /**
     * Locks the account, then runs {@code work} with the time read once the lock is held: a hold
     * that expired while the request waited for the lock is EXPIRED for it, as for everyone from
     * that instant (domain.md §4: balances, closing, capture and release).
     */
    static <T> Uni<T> locked(String distributorId, UUID accountId, BiFunction<CreditAccount, Instant, Uni<T>> work) {
        return lock(distributorId, accountId).chain(a -> work.apply(a, CreditAccountService.now()));
    }

    private static CreditAccount require(CreditAccount a, UUID accountId) {
        if (a == null) {
            throw accountNotFound(accountId);
        }
        return a;
    }

    /** Sum of ACTIVE holds not yet expired at {@code now}. */
    static Uni<BigDecimal> reserved(UUID accountId, Instant now) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select sum(h.amount) from Hold h where h.accountId = :a and h.status = :s and h.expiresAt > :now",
                BigDecimal.class)
                .setParameter("a", accountId).setParameter("s", HoldStatus.ACTIVE).setParameter("now", now)
                .getSingleResultOrNull())
                .map(Ledger::cents);
    }

    /** Reserved per account, for a page of accounts (absent accounts reserve 0.00). */
    static Uni<Map<UUID, BigDecimal>> reserved(List<UUID> accountIds, Instant now) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select h.accountId, sum(h.amount) from Hold h where h.accountId in :ids and h.status = :s "
                        + "and h.expiresAt > :now group by h.accountId", Object[].class)
                .setParameter("ids", accountIds).setParameter("s", HoldStatus.ACTIVE).setParameter("now", now)
                .getResultList())
                .map(rows -> {
                    Map<UUID, BigDecimal> result = new HashMap<>();
                    for (Object[] row : rows) {
                        result.put((UUID) row[0], cents((BigDecimal) row[1]));
                    }
                    return result;
                });
    }

    static BigDecimal cents(BigDecimal value) {
        return value == null ? Money.ZERO : value.setScale(2, RoundingMode.UNNECESSARY);
    }

    /**
     * Stores as EXPIRED every ACTIVE hold of the (locked) account whose expiresAt has passed, each
     * with a HOLD_EXPIRED entry at its expiresAt, by the actor {@code system} (whoever's request
     * happened to store it, the expiry is nobody's act). Its balances-after are those of the statement
     * just before that instant minus the hold, so the statement stays consistent in time order.
     */
    static Uni<Integer> expireDue(CreditAccount account, Instant now) {
        return Hold.<Hold> list("accountId = ?1 and status = ?2 and expiresAt <= ?3 order by expiresAt, id",
                account.id, HoldStatus.ACTIVE, now)
                .chain(due -> due.isEmpty() ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(due)
                                .onItem().transformToUniAndConcatenate(h -> expire(account, h, now))
                                .collect().last()
                                .replaceWith(due.size()));
    }

    private static Uni<Void> expire(CreditAccount account, Hold hold, Instant now) {
        hold.expire(now);
        return StatementEntry.<StatementEntry> find("accountId = ?1 and occurredAt <= ?2 order by occurredAt desc, id desc",
                account.id, hold.expiresAt).firstResult()
                .chain(previous -> {
                    BigDecimal outstanding = previous == null ? account.outstanding : previous.outstandingAfter;
                    BigDecimal reserved = previous == null ? Money.ZERO
                            : previous.reservedAfter.subtract(hold.amount).max(Money.ZERO);
                    return StatementEntry.of(account.id, EntryType.HOLD_EXPIRED, hold.amount.negate(), outstanding,
                            reserved, "hold:" + hold.id, "order " + hold.orderId, Caller.SYSTEM.actor(), hold.expiresAt).persist();
                })
                .call(() -> Panache.getSession().chain(s -> s.flush()))
                .replaceWithVoid();
    }

    /**
     * Appends an entry with the account's current outstanding and the given reserved (see {@link #entry}).
     */
    static Uni<StatementEntry> record(CreditAccount account, EntryType type, BigDecimal amount, BigDecimal reservedAfter,
            String reference, String reason, String actor, Instant notBefore) {
        return entry(account, type, amount, reservedAfter, reference, reason, actor, notBefore).persist();
    }

    /**
     * The next entry of the account's statement, with its current outstanding and the given reserved,
     * not yet stored. Built under the account's lock, it is dated now (never before {@code notBefore})
     * and strictly after the account's previous entry (read under the lock, {@code lastRecordedAt}),
     * so "oldest first" is the order in which the movements were applied — also when instances'
     * clocks differ by a few milliseconds (ids are only time-ordered to the millisecond).
     */
    static StatementEntry entry(CreditAccount account, EntryType type, BigDecimal amount, BigDecimal reservedAfter,
            String reference, String reason, String actor, Instant notBefore) {
        Instant at = CreditAccountService.now();
        if (at.isBefore(notBefore)) {
            at = notBefore;
        }
        if (account.lastRecordedAt != null && !at.isAfter(account.lastRecordedAt)) {
            at = account.lastRecordedAt.plusNanos(1_000);
        }
        account.lastRecordedAt = at;
        return StatementEntry.of(account.id, type, amount, account.outstanding, reservedAfter, reference, reason, actor, at);
    }
}
