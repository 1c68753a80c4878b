package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;

import dev.aval.platform.Caller;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** Stores the expiry of holds that are past their expiresAt, with their statement entries. */
final class HoldExpiry {

    private HoldExpiry() {
    }

    /**
     * Stores as EXPIRED every ACTIVE hold of the (locked) account whose expiresAt has passed, each
     * with a HOLD_EXPIRED entry at its expiresAt, by the actor {@code system} (whoever's request
     * happened to store it, the expiry is nobody's act). Its balances-after are those of the statement
     * just before that instant minus the hold, so the statement stays consistent in time order.
     */
    static Uni<Integer> expireDue(CreditAccount account, Instant now) {
        return AccountQuery.dueHolds(account.id, now)
                .chain(due -> due.isEmpty() ? Uni.createFrom().item(0)
                        : Multi.createFrom().iterable(due)
                                .onItem().transformToUniAndConcatenate(h -> expire(account, h, now))
                                .collect().last()
                                .replaceWith(due.size()));
    }

    private static Uni<Void> expire(CreditAccount account, Hold hold, Instant now) {
        hold.expire(now);
        return AccountQuery.entryAtOrBefore(account.id, hold.expiresAt)
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
}
