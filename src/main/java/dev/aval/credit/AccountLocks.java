package dev.aval.credit;

import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.aval.platform.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Finding a distributor's credit account, and locking it: every change of money runs after
 * {@link #lock} (or inside {@link #locked}, which also reads "now" once the lock is held), in the
 * caller's transaction.
 */
final class AccountLocks {

    private AccountLocks() {
    }

    static ProblemException accountNotFound(Object accountId) {
        return ProblemException.notFound("CREDIT_ACCOUNT_NOT_FOUND", "no credit account " + accountId + " in this distributor");
    }

    /** The path's account id; anything that is not a UUID cannot name an account. */
    static UUID accountId(String raw) {
        return id(raw, AccountLocks::accountNotFound);
    }

    /** A path id: what is not a UUID names nothing, so it is that resource's 404. */
    static UUID id(String raw, Function<String, ProblemException> notFound) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw notFound.apply(raw);
        }
    }

    /** The account, unlocked: for reads. */
    static Uni<CreditAccount> find(String distributorId, UUID accountId) {
        return AccountQuery.find(distributorId, accountId).map(a -> require(a, accountId));
    }

    /**
     * Loads the account with {@code SELECT … FOR UPDATE}: the lock that serialises its money. Also
     * reads the time of its last statement entry, so {@link StatementWriter} dates the next one after it.
     */
    static Uni<CreditAccount> lock(String distributorId, UUID accountId) {
        return AccountQuery.findForUpdate(distributorId, accountId).map(a -> require(a, accountId))
                .call(a -> AccountQuery.lastEntryAt(a.id).invoke(last -> a.lastRecordedAt = last));
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
}
