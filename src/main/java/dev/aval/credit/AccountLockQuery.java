package dev.aval.credit;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.aval.customer.CustomerStatus;
import dev.aval.platform.ProblemException;
import dev.aval.platform.SystemClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Finding a distributor's credit account, and locking it: every change of money runs after
 * {@link #lock} on its transaction's connection, which reads "now" once the lock is held.
 */
@Singleton
class AccountLockQuery {

    /**
     * The account row locked ({@code SELECT … FOR UPDATE}: the lock that serialises its money), with
     * its customer's status, its holders' emails and its distributor's credit settings (read here, not
     * from a cache, so a hold applies a settings change committed on any instance at once, as
     * eligibility does). Under READ COMMITTED the locked row's columns are
     * its latest committed version even after a wait; what else this statement reads may predate the
     * wait, which is why reserved and the statement's last entry are read by the next statement.
     */
    static final String LOCK = """
            select a.document, a.email, a.status, a.credit_limit, a.tolerance, a.outstanding, a.version,
                   c.status as customer_status,
                   array(select h.email from credit_account_holder h where h.account_id = a.id) as holder_emails,
                   d.block_credit_when_overdue, d.overdue_grace_days
              from credit_account a
              join distributor d on d.id = a.distributor_id
              left join customer c on c.distributor_id = a.distributor_id and c.document = a.document
             where a.id = $1 and a.distributor_id = $2
               for update of a
            """;

    @Inject
    Clock clock;

    /**
     * Locks the distributor's account on {@code connection} (in its transaction) and reads the time
     * once the lock is held: a hold that expired while the request waited for the lock is EXPIRED for
     * it, as for everyone from that instant (domain.md §4). 404 CREDIT_ACCOUNT_NOT_FOUND when absent.
     */
    Uni<LockedAccount> lock(SqlConnection connection, String distributorId, UUID accountId) {
        return connection
                .preparedQuery(LOCK)
                .execute(Tuple.of(accountId, distributorId))
                .map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        throw accountNotFound(accountId);
                    }
                    Row row = it.next();
                    String customerStatus = row.getString("customer_status");
                    String[] holders = row.getArrayOfStrings("holder_emails");
                    return new LockedAccount(
                            accountId,
                            distributorId,
                            row.getString("document"),
                            row.getString("email"),
                            AccountStatus.valueOf(row.getString("status")),
                            Money.of(row.getBigDecimal("credit_limit")),
                            Money.tolerance(row.getBigDecimal("tolerance")),
                            Money.of(row.getBigDecimal("outstanding")),
                            row.getLong("version"),
                            customerStatus == null ? null : CustomerStatus.valueOf(customerStatus),
                            holders == null ? List.of() : Arrays.asList(holders),
                            row.getBoolean("block_credit_when_overdue"),
                            row.getInteger("overdue_grace_days"),
                            SystemClock.now(clock));
                });
    }

    static ProblemException accountNotFound(Object accountId) {
        return ProblemException.notFound(
                "CREDIT_ACCOUNT_NOT_FOUND", "no credit account " + accountId + " in this distributor");
    }

    /** The path's account id; anything that is not a UUID cannot name an account. */
    static UUID accountId(String raw) {
        return id(raw, AccountLockQuery::accountNotFound);
    }

    /** A path id: what is not a UUID names nothing, so it is that resource's 404. */
    static UUID id(String raw, Function<String, ProblemException> notFound) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw notFound.apply(raw);
        }
    }
}
