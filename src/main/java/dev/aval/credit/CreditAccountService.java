package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.Cursor;
import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.EventLog;
import dev.aval.platform.EventType;
import dev.aval.platform.Ids;
import dev.aval.platform.Page;
import dev.aval.platform.ProblemException;
import dev.aval.platform.ProblemMappers;
import dev.aval.platform.SystemClock;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * Accounts, their holders and their statement, in SQL on the pool ({@link AccountRepository},
 * docs/architecture.md). Every change runs in one transaction on one connection, under the
 * account's lock ({@link AccountLockQuery#lock}, which reads "now" once the lock is held), and writes
 * its statement entries there ({@link StatementWriter}) and its change event ({@link EventLog}:
 * {@code credit_account.*}, subject the account's id, data the account as the API answers it after
 * the change; a holder's change adds the {@code holder} concerned).
 */
@ApplicationScoped
public class CreditAccountService {

    @Inject
    Pool pool;

    @Inject
    AccountLockQuery locks;

    @Inject
    Clock clock;

    @Inject
    EventLog events;

    public Uni<AccountView> open(String distributorId, OpenAccountRequest request, String actor) {
        Document document = Document.parse(request.documentType(), request.document());
        Instant now = SystemClock.now(clock);
        BigDecimal tolerance = request.tolerance() == null ? BigDecimal.ZERO : request.tolerance();
        CreditAccount account = new CreditAccount(
                Ids.newId(),
                distributorId,
                document.value(),
                document.type(),
                request.email().strip(),
                AccountStatus.OPEN,
                Money.of(request.creditLimit()),
                Money.tolerance(tolerance),
                Money.ZERO,
                1,
                now,
                now,
                null);
        return pool.withTransaction(connection -> requireNoOpenAccount(
                                connection, distributorId, document.value(), null)
                        .chain(() -> AccountRepository.insert(connection, account))
                        .chain(() -> StatementWriter.append(
                                connection,
                                new StatementWriter.Movement(
                                        account.id(),
                                        EntryType.OPENED,
                                        account.creditLimit(),
                                        Money.ZERO,
                                        Money.ZERO,
                                        null,
                                        null,
                                        actor),
                                now))
                        .chain(() -> event(
                                connection,
                                distributorId,
                                EventType.CREDIT_ACCOUNT_OPENED,
                                AccountView.of(account, List.of(), Money.ZERO),
                                null,
                                actor,
                                now)))
                .onFailure(ProblemMappers::isUniqueViolation)
                .transform(e -> accountExists(document.value()))
                .invoke(() -> Log.infof("credit account %s opened for %s", account.id(), document.masked()));
    }

    public Uni<AccountView> get(String distributorId, UUID accountId) {
        return AccountRepository.find(pool, distributorId, accountId, SystemClock.now(clock))
                .chain(found -> view(pool, require(found, accountId)));
    }

    public Uni<Page<AccountView>> search(
            String distributorId, Document document, String email, AccountStatus status, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        UUID after = Cursor.decodeId(cursor);
        String byEmail = email == null || email.isBlank() ? null : email.strip();
        return AccountRepository.search(
                        pool,
                        distributorId,
                        document == null ? null : document.value(),
                        byEmail,
                        status,
                        after,
                        size + 1,
                        SystemClock.now(clock))
                .chain(rows -> AccountRepository.holders(
                                pool, rows.stream().map(f -> f.account().id()).toList())
                        .map(holders -> Page.of(
                                rows,
                                size,
                                f -> f.account().id().toString(),
                                f -> AccountView.of(
                                        f.account(),
                                        holders.getOrDefault(f.account().id(), List.of()),
                                        f.reserved()))));
    }

    /**
     * Email, document, limit and tolerance; omitted fields are untouched. One version more per field
     * that changed; a statement entry for the limit and one for the tolerance when they change.
     */
    public Uni<AccountView> patch(
            String distributorId, UUID accountId, String ifMatch, PatchAccountRequest request, String actor) {
        return pool.withTransaction(connection -> locked(connection, distributorId, accountId)
                        .chain(found -> {
                            CreditAccount a = found.account();
                            a.requireVersion(ifMatch);
                            a.requireOpen();
                            Instant now = found.now();
                            String email =
                                    request.email() != null ? request.email().strip() : a.email();
                            Document document = document(a, request);
                            BigDecimal limit =
                                    request.creditLimit() != null ? Money.of(request.creditLimit()) : a.creditLimit();
                            BigDecimal tolerance =
                                    request.tolerance() != null ? Money.tolerance(request.tolerance()) : a.tolerance();
                            boolean emailChanged = !email.equals(a.email());
                            boolean documentChanged =
                                    !document.value().equals(a.document()) || document.type() != a.documentType();
                            boolean limitChanged = limit.compareTo(a.creditLimit()) != 0;
                            boolean toleranceChanged = tolerance.compareTo(a.tolerance()) != 0;
                            int changes = (emailChanged ? 1 : 0)
                                    + (documentChanged ? 1 : 0)
                                    + (limitChanged ? 1 : 0)
                                    + (toleranceChanged ? 1 : 0);
                            if (changes == 0) {
                                return view(connection, a, found.reserved());
                            }
                            CreditAccount stored =
                                    a.changed(email, document.value(), document.type(), limit, tolerance, changes, now);
                            Uni<Void> check = document.value().equals(a.document())
                                    ? Uni.createFrom().voidItem()
                                    : requireNoOpenAccount(connection, distributorId, document.value(), a.id());
                            Uni<Void> work = check.chain(() -> AccountRepository.update(connection, stored));
                            if (limitChanged) {
                                work = work.chain(() -> StatementWriter.append(
                                        connection,
                                        new StatementWriter.Movement(
                                                a.id(),
                                                EntryType.LIMIT_CHANGED,
                                                limit.subtract(a.creditLimit()),
                                                a.outstanding(),
                                                found.reserved(),
                                                null,
                                                request.reason(),
                                                actor),
                                        now));
                            }
                            if (toleranceChanged) {
                                work = work.chain(() -> StatementWriter.append(
                                        connection,
                                        new StatementWriter.Movement(
                                                a.id(),
                                                EntryType.TOLERANCE_CHANGED,
                                                Money.ZERO,
                                                a.outstanding(),
                                                found.reserved(),
                                                "tolerance:" + a.tolerance().toPlainString() + "->"
                                                        + tolerance.toPlainString(),
                                                request.reason(),
                                                actor),
                                        now));
                            }
                            return work.chain(() -> view(connection, stored, found.reserved()))
                                    .call(view -> event(
                                            connection,
                                            distributorId,
                                            EventType.CREDIT_ACCOUNT_UPDATED,
                                            view,
                                            request.reason(),
                                            actor,
                                            now));
                        }))
                .onFailure(ProblemMappers::isUniqueViolation)
                .transform(e -> ProblemException.conflict(
                        "CREDIT_ACCOUNT_EXISTS",
                        "an OPEN credit account already exists for this document; close it first"));
    }

    public Uni<AccountView> close(String distributorId, UUID accountId, String reason, String actor) {
        return pool.withTransaction(connection -> locked(connection, distributorId, accountId)
                .call(found -> HoldRepository.hasActive(connection, accountId, found.now())
                        .invoke(active -> {
                            found.account().requireOpen();
                            // a hold past its expiresAt is not ACTIVE, whether or not the sweeper stored it;
                            // one captured whole by non-final captures is, though it reserves nothing
                            if (active) {
                                throw ProblemException.conflict(
                                        "CREDIT_ACCOUNT_HAS_ACTIVE_HOLDS",
                                        "credit account " + accountId
                                                + " still has active holds (" + Money.format(found.reserved())
                                                + " reserved): capture or release them first");
                            }
                        }))
                .chain(found -> {
                    CreditAccount a = found.account();
                    CreditAccount closed = a.closed(found.now());
                    return AccountRepository.update(connection, closed)
                            .chain(() -> StatementWriter.append(
                                    connection,
                                    new StatementWriter.Movement(
                                            a.id(),
                                            EntryType.CLOSED,
                                            Money.ZERO,
                                            a.outstanding(),
                                            Money.ZERO,
                                            null,
                                            reason,
                                            actor),
                                    found.now()))
                            .chain(() -> view(connection, closed, Money.ZERO))
                            .call(view -> event(
                                    connection,
                                    distributorId,
                                    EventType.CREDIT_ACCOUNT_CLOSED,
                                    view,
                                    reason,
                                    actor,
                                    found.now()));
                }));
    }

    public Uni<HolderView> addHolder(String distributorId, UUID accountId, String email, String actor) {
        String normalised = email.strip();
        return pool.withTransaction(connection -> locked(connection, distributorId, accountId)
                        .chain(found -> {
                            CreditAccount a = found.account();
                            a.requireOpen();
                            if (normalised.equalsIgnoreCase(a.email())) {
                                throw holderExists();
                            }
                            HolderView holder = new HolderView(Ids.newId(), normalised);
                            return AccountRepository.holderExists(connection, a.id(), normalised)
                                    .chain(exists -> {
                                        if (exists) {
                                            throw holderExists();
                                        }
                                        return AccountRepository.insertHolder(connection, a.id(), holder, found.now())
                                                .chain(() -> AccountRepository.touch(connection, a.id(), found.now()));
                                    })
                                    .chain(() -> holderEvent(
                                            connection,
                                            distributorId,
                                            EventType.CREDIT_ACCOUNT_HOLDER_ADDED,
                                            a.touched(found.now()),
                                            found.reserved(),
                                            holder,
                                            actor,
                                            found.now()))
                                    .replaceWith(holder);
                        }))
                .onFailure(ProblemMappers::isUniqueViolation)
                .transform(e -> holderExists());
    }

    public Uni<Void> removeHolder(String distributorId, UUID accountId, UUID holderId, String actor) {
        return pool.withTransaction(connection -> locked(connection, distributorId, accountId)
                .chain(found -> AccountRepository.deleteHolder(connection, accountId, holderId)
                        .chain(email -> {
                            if (email == null) {
                                throw ProblemException.notFound(
                                        "HOLDER_NOT_FOUND", "no holder " + holderId + " on this account");
                            }
                            return AccountRepository.touch(connection, accountId, found.now())
                                    .chain(() -> holderEvent(
                                            connection,
                                            distributorId,
                                            EventType.CREDIT_ACCOUNT_HOLDER_REMOVED,
                                            found.account().touched(found.now()),
                                            found.reserved(),
                                            new HolderView(holderId, email),
                                            actor,
                                            found.now()));
                        })));
    }

    /** The statement within [from, to), oldest first, with the totals of the whole range. */
    public Uni<StatementView> statement(
            String distributorId, UUID accountId, Instant from, Instant to, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        StatementCursor after = StatementCursor.decode(cursor);
        return AccountRepository.requireExists(pool, distributorId, accountId)
                .chain(() -> AccountRepository.entries(pool, accountId, from, to, after, size + 1))
                .chain(rows -> AccountRepository.totals(pool, accountId, from, to)
                        .map(totals -> {
                            Page<StatementView.Entry> page = Page.of(rows, size, StatementCursor::of, e -> e);
                            return new StatementView(page.items(), page.nextCursor(), totals);
                        }));
    }

    /** The account locked, as read once the lock is held, with its reserved then. */
    private record Locked(CreditAccount account, BigDecimal reserved, Instant now) {}

    private Uni<Locked> locked(SqlConnection connection, String distributorId, UUID accountId) {
        return locks.lock(connection, distributorId, accountId)
                .chain(l -> AccountRepository.find(connection, distributorId, accountId, l.now())
                        .map(found -> new Locked(found.account(), found.reserved(), l.now())));
    }

    private static Document document(CreditAccount a, PatchAccountRequest request) {
        if (request.document() == null && request.documentType() == null) {
            return new Document(a.documentType(), a.document());
        }
        DocumentType type = request.documentType() != null
                ? request.documentType()
                : request.document() != null ? null : a.documentType();
        return Document.parse(type, request.document() != null ? request.document() : a.document());
    }

    private static Uni<AccountView> view(SqlClient client, CreditAccount a, BigDecimal reserved) {
        return AccountRepository.holders(client, List.of(a.id()))
                .map(holders -> AccountView.of(a, holders.getOrDefault(a.id(), List.of()), reserved));
    }

    private static Uni<AccountView> view(SqlClient client, AccountRepository.Found found) {
        return view(client, found.account(), found.reserved());
    }

    /** Appends the account's event (subject: its id) in the change's transaction; answers the view. */
    private Uni<AccountView> event(
            SqlConnection connection,
            String distributorId,
            EventType type,
            AccountView view,
            String reason,
            String actor,
            Instant now) {
        return events.append(connection, distributorId, type, view.id().toString(), view, reason, actor, now)
                .replaceWith(view);
    }

    /** A holder added or removed: the account as it is after the change (read on the connection), and that holder. */
    private Uni<Void> holderEvent(
            SqlConnection connection,
            String distributorId,
            EventType type,
            CreditAccount after,
            BigDecimal reserved,
            HolderView holder,
            String actor,
            Instant now) {
        return view(connection, after, reserved)
                .chain(view -> events.append(
                        connection,
                        distributorId,
                        type,
                        after.id().toString(),
                        new HolderChangedEvent(view, holder),
                        null,
                        actor,
                        now));
    }

    private static AccountRepository.Found require(AccountRepository.Found found, UUID accountId) {
        if (found == null) {
            throw AccountLockQuery.accountNotFound(accountId);
        }
        return found;
    }

    private static Uni<Void> requireNoOpenAccount(
            SqlConnection connection, String distributorId, String document, UUID except) {
        return AccountRepository.openExists(connection, distributorId, document, except)
                .map(exists -> {
                    if (exists) {
                        throw accountExists(document);
                    }
                    return null;
                });
    }

    private static ProblemException accountExists(String document) {
        return ProblemException.conflict(
                "CREDIT_ACCOUNT_EXISTS",
                "an OPEN credit account already exists for " + Document.mask(document) + "; close it first");
    }

    private static ProblemException holderExists() {
        return ProblemException.conflict("HOLDER_EXISTS", "this email already uses the account's credit");
    }

    /**
     * The service's clock ({@code platform.SystemClock}, moved by tests), for code that still reads
     * the time statically (the import writer); the rest injects the {@link Clock}.
     */
    static Instant now() {
        return SystemClock.now(
                io.quarkus.arc.Arc.container().instance(Clock.class).get());
    }
}
