package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The account-level reads that money changes rely on, in one place: an account (locked or not),
 * its last statement entry, what it has reserved.
 */
final class AccountQuery {

    private AccountQuery() {
    }

    /** The distributor's account, or null. */
    static Uni<CreditAccount> find(String distributorId, UUID accountId) {
        return CreditAccount.<CreditAccount> find("id = ?1 and distributorId = ?2", accountId, distributorId).firstResult();
    }

    /** The distributor's account with {@code SELECT … FOR UPDATE}, or null. */
    static Uni<CreditAccount> findForUpdate(String distributorId, UUID accountId) {
        return CreditAccount.<CreditAccount> find("id = ?1 and distributorId = ?2", accountId, distributorId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** When the account's last statement entry occurred, or null. */
    static Uni<Instant> lastEntryAt(UUID accountId) {
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select max(e.occurredAt) from StatementEntry e where e.accountId = :a", Instant.class)
                .setParameter("a", accountId).getSingleResultOrNull());
    }

    /** The account's latest statement entry at or before {@code at}, or null. */
    static Uni<StatementEntry> entryAtOrBefore(UUID accountId, Instant at) {
        return StatementEntry.<StatementEntry> find("accountId = ?1 and occurredAt <= ?2 order by occurredAt desc, id desc",
                accountId, at).firstResult();
    }

    /**
     * "reserved" (domain.md §4: the ACTIVE holds not yet expired at {@code at}) is the SQL function
     * {@code credit_reserved(account, at)} of V12, its one definition; every reader calls it.
     */
    static final String RESERVED = "select credit_reserved($1, $2) as reserved";

    /** The account's reserved at {@code at}, on the pool or a transaction's connection. */
    static Uni<BigDecimal> reserved(SqlClient client, UUID accountId, Instant at) {
        return client.preparedQuery(RESERVED).execute(Tuple.of(accountId, at.atOffset(ZoneOffset.UTC)))
                .map(rows -> Money.orZero(rows.iterator().next().getBigDecimal("reserved")));
    }

    /** The account's reserved at {@code now}, in the current Panache session (the same SQL function). */
    static Uni<BigDecimal> reserved(UUID accountId, Instant now) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select credit_reserved(:a, :now)", BigDecimal.class)
                .setParameter("a", accountId).setParameter("now", now)
                .getSingleResult())
                .map(Money::orZero);
    }

    /** Reserved per account, for a page of accounts (the same SQL function; absent accounts reserve 0.00). */
    static Uni<Map<UUID, BigDecimal>> reserved(List<UUID> accountIds, Instant now) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "select a.id, credit_reserved(a.id, :now) from credit_account a where a.id in (:ids)", Object[].class)
                .setParameter("ids", accountIds).setParameter("now", now)
                .getResultList())
                .map(rows -> {
                    Map<UUID, BigDecimal> result = new HashMap<>();
                    for (Object[] row : rows) {
                        result.put((UUID) row[0], Money.orZero((BigDecimal) row[1]));
                    }
                    return result;
                });
    }
}
