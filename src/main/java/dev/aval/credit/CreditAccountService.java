package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.aval.platform.Cursor;
import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.Page;
import dev.aval.platform.PageQuery;
import dev.aval.platform.ProblemException;
import dev.aval.platform.ProblemMappers;
import dev.aval.platform.SystemClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/** Accounts, their holders and their statement. */
@ApplicationScoped
public class CreditAccountService {

    @WithTransaction
    public Uni<AccountView> open(String distributorId, OpenAccountRequest request, String actor) {
        Document document = Document.parse(request.documentType(), request.document());
        Instant now = now();
        BigDecimal tolerance = request.tolerance() == null ? BigDecimal.ZERO : request.tolerance();
        CreditAccount account = CreditAccount.open(distributorId, document, request.email().strip(), request.creditLimit(),
                tolerance, now);
        return requireNoOpenAccount(distributorId, document.value(), null)
                .chain(() -> account.<CreditAccount> persist())
                .call(() -> Panache.getSession().chain(s -> s.flush()))
                .onFailure(ProblemMappers::isUniqueViolation).transform(e -> accountExists(document.value()))
                .call(a -> StatementWriter.record(a, EntryType.OPENED, a.creditLimit, Money.ZERO, null, null, actor, now))
                .invoke(a -> Log.infof("credit account %s opened for %s", a.id, document.masked()))
                .map(a -> AccountView.of(a, List.of(), Money.ZERO));
    }

    @WithSession
    public Uni<AccountView> get(String distributorId, UUID accountId) {
        Instant now = now();
        return AccountLocks.find(distributorId, accountId).chain(a -> view(a, now));
    }

    @WithSession
    public Uni<Page<AccountView>> search(String distributorId, Document document, String email, AccountStatus status,
            Integer limit, String cursor) {
        PageQuery q = PageQuery.of(limit, cursor);
        int size = q.size();
        Instant now = now();
        q.where("distributorId = :d", "d", distributorId)
                .whereGiven("document = :document", "document", document == null ? null : document.value())
                .whereGiven("(lower(email) = :email or id in (select h.accountId from CreditAccountHolder h"
                        + " where lower(h.email) = :email))", "email",
                        email == null || email.isBlank() ? null : email.strip().toLowerCase(java.util.Locale.ROOT))
                .whereGiven("status = :status", "status", status);
        return CreditAccount.<CreditAccount> find(q.query(), q.params()).range(0, size).list()
                .chain(rows -> views(rows.size() > size ? rows.subList(0, size) : rows, now)
                        .map(views -> {
                            Map<UUID, AccountView> byId = views.stream().collect(Collectors.toMap(AccountView::id, v -> v));
                            return Page.of(rows, size, a -> a.id.toString(), a -> byId.get(a.id));
                        }));
    }

    @WithTransaction
    public Uni<AccountView> patch(String distributorId, UUID accountId, String ifMatch, PatchAccountRequest request,
            String actor) {
        return AccountLocks.locked(distributorId, accountId, (a, now) -> {
            requireVersion(a, ifMatch);
            a.requireOpen();
            return applyIdentity(a, request)
                    .chain(() -> AccountQuery.reserved(a.id, now))
                    .chain(reserved -> applyLimits(a, request, reserved, actor, now))
                    .chain(() -> Panache.getSession().chain(s -> s.flush()))
                    .onFailure(ProblemMappers::isUniqueViolation)
                    .transform(e -> accountExists(a.document))
                    .chain(() -> view(a, now));
        });
    }

    /** Email and document: no statement entry, a version bump when they change. */
    private Uni<Void> applyIdentity(CreditAccount a, PatchAccountRequest request) {
        Instant now = now();
        if (request.email() != null && !request.email().strip().equals(a.email)) {
            a.email = request.email().strip();
            a.touch(now);
        }
        if (request.document() == null && request.documentType() == null) {
            return Uni.createFrom().voidItem();
        }
        DocumentType type = request.documentType() != null ? request.documentType()
                : request.document() != null ? null : a.documentType;
        Document document = Document.parse(type, request.document() != null ? request.document() : a.document);
        if (document.value().equals(a.document) && document.type() == a.documentType) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> check = document.value().equals(a.document) ? Uni.createFrom().voidItem()
                : requireNoOpenAccount(a.distributorId, document.value(), a.id);
        return check.invoke(() -> {
            a.document = document.value();
            a.documentType = document.type();
            a.touch(now);
        });
    }

    /** Limit and tolerance: one statement entry each when they change. */
    private Uni<Void> applyLimits(CreditAccount a, PatchAccountRequest request, BigDecimal reserved, String actor,
            Instant now) {
        Uni<Void> result = Uni.createFrom().voidItem();
        if (request.creditLimit() != null && request.creditLimit().compareTo(a.creditLimit) != 0) {
            BigDecimal change = Money.of(request.creditLimit()).subtract(a.creditLimit);
            a.creditLimit = Money.of(request.creditLimit());
            a.touch(now);
            result = result.call(() -> StatementWriter.record(a, EntryType.LIMIT_CHANGED, change, reserved, null,
                    request.reason(), actor, now));
        }
        if (request.tolerance() != null && request.tolerance().compareTo(a.tolerance) != 0) {
            BigDecimal old = a.tolerance;
            a.tolerance = Money.tolerance(request.tolerance());
            a.touch(now);
            result = result.call(() -> StatementWriter.record(a, EntryType.TOLERANCE_CHANGED, Money.ZERO, reserved,
                    "tolerance:" + old.toPlainString() + "->" + a.tolerance.toPlainString(), request.reason(), actor, now));
        }
        return result;
    }

    @WithTransaction
    public Uni<AccountView> close(String distributorId, UUID accountId, String reason, String actor) {
        return AccountLocks.locked(distributorId, accountId, (a, now) -> {
            a.requireOpen();
            // reserved never counts a hold past its expiresAt; the sweeper stores its expiry
            return AccountQuery.reserved(a.id, now)
                    .chain(reserved -> {
                        if (reserved.signum() > 0) {
                            throw ProblemException.conflict("CREDIT_ACCOUNT_HAS_ACTIVE_HOLDS",
                                    "credit account " + a.id + " still has active holds (" + Money.format(reserved)
                                            + " reserved): capture or release them first");
                        }
                        a.close(now);
                        return StatementWriter.record(a, EntryType.CLOSED, Money.ZERO, Money.ZERO, null, reason, actor, now);
                    })
                    .chain(() -> view(a, now));
        });
    }

    @WithTransaction
    public Uni<HolderView> addHolder(String distributorId, UUID accountId, String email) {
        Instant now = now();
        String normalised = email.strip();
        return AccountLocks.lock(distributorId, accountId).chain(a -> {
            a.requireOpen();
            if (normalised.equalsIgnoreCase(a.email)) {
                throw holderExists();
            }
            return CreditAccountHolder.count("accountId = ?1 and lower(email) = ?2", a.id,
                    normalised.toLowerCase(java.util.Locale.ROOT))
                    .chain(count -> {
                        if (count > 0) {
                            throw holderExists();
                        }
                        a.touch(now);
                        return CreditAccountHolder.of(a.id, normalised, now).<CreditAccountHolder> persist();
                    })
                    .map(HolderView::of);
        });
    }

    @WithTransaction
    public Uni<Void> removeHolder(String distributorId, UUID accountId, String holderId) {
        Instant now = now();
        UUID id = AccountLocks.id(holderId, CreditAccountService::holderNotFound);
        return AccountLocks.lock(distributorId, accountId)
                .chain(a -> CreditAccountHolder.<CreditAccountHolder> find("id = ?1 and accountId = ?2", id, a.id)
                        .firstResult()
                        .chain(h -> {
                            if (h == null) {
                                throw holderNotFound(holderId);
                            }
                            a.touch(now);
                            return h.delete();
                        }));
    }

    @WithSession
    public Uni<StatementView> statement(String distributorId, UUID accountId, Instant from, Instant to, Integer limit,
            String cursor) {
        int size = Cursor.limit(limit);
        StatementCursor after = StatementCursor.decode(cursor);
        return AccountLocks.find(distributorId, accountId).chain(a -> {
            StringBuilder range = new StringBuilder("accountId = :a");
            Parameters params = Parameters.with("a", a.id);
            if (from != null) {
                range.append(" and occurredAt >= :from");
                params.and("from", from);
            }
            if (to != null) {
                range.append(" and occurredAt < :to");
                params.and("to", to);
            }
            StringBuilder page = new StringBuilder(range);
            Parameters pageParams = Parameters.with("a", a.id);
            params.map().forEach(pageParams::and);
            if (after != null) {
                page.append(" and (occurredAt > :co or (occurredAt = :co and id > :ci))");
                pageParams.and("co", after.occurredAt()).and("ci", after.id());
            }
            page.append(" order by occurredAt, id");
            return StatementEntry.<StatementEntry> find(page.toString(), pageParams).range(0, size).list()
                    .chain(rows -> totals(range.toString(), params)
                            .map(totals -> {
                                Page<StatementView.Entry> p = Page.of(rows, size, StatementCursor::of, StatementView.Entry::of);
                                return new StatementView(p.items(), p.nextCursor(), totals);
                            }));
        });
    }

    private static Uni<StatementView.Totals> totals(String where, Parameters params) {
        return Panache.getSession().chain(s -> {
            var query = s.createSelectionQuery("select e.type, sum(e.amount), count(e) from StatementEntry e where "
                    + where.replace("accountId", "e.accountId").replace("occurredAt", "e.occurredAt")
                    + " group by e.type", Object[].class);
            params.map().forEach(query::setParameter);
            return query.getResultList();
        }).map(rows -> {
            Map<EntryType, BigDecimal> byType = new EnumMap<>(EntryType.class);
            long entries = 0;
            for (Object[] row : rows) {
                byType.put((EntryType) row[0], Money.orZero((BigDecimal) row[1]));
                entries += ((Number) row[2]).longValue();
            }
            return StatementView.Totals.of(entries, byType);
        });
    }

    /** The account as a view, with holders and reserved (two small queries). */
    static Uni<AccountView> view(CreditAccount a, Instant now) {
        return CreditAccountHolder.<CreditAccountHolder> list("accountId = ?1 order by id", a.id)
                .chain(holders -> AccountQuery.reserved(a.id, now).map(reserved -> AccountView.of(a, holders, reserved)));
    }

    private static Uni<List<AccountView>> views(List<CreditAccount> accounts, Instant now) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = accounts.stream().map(a -> a.id).toList();
        return CreditAccountHolder.<CreditAccountHolder> list("accountId in ?1 order by id", ids)
                .chain(holders -> AccountQuery.reserved(ids, now).map(reserved -> {
                    Map<UUID, List<CreditAccountHolder>> byAccount = holders.stream()
                            .collect(Collectors.groupingBy(h -> h.accountId));
                    List<AccountView> views = new ArrayList<>(accounts.size());
                    for (CreditAccount a : accounts) {
                        views.add(AccountView.of(a, byAccount.getOrDefault(a.id, List.of()),
                                reserved.getOrDefault(a.id, Money.ZERO)));
                    }
                    return views;
                }));
    }

    private static Uni<Void> requireNoOpenAccount(String distributorId, String document, UUID except) {
        return CreditAccount.count("distributorId = ?1 and document = ?2 and status = ?3 and id <> ?4", distributorId,
                document, AccountStatus.OPEN, except == null ? new UUID(0, 0) : except)
                .map(count -> {
                    if (count > 0) {
                        throw accountExists(document);
                    }
                    return null;
                });
    }

    private static void requireVersion(CreditAccount a, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("\"" + a.version + "\"") || t.equals(Long.toString(a.version))) {
                return;
            }
        }
        throw new ProblemException(412, "VERSION_MISMATCH", "Precondition failed",
                "the account changed: it is at version " + a.version + ", If-Match was " + ifMatch
                        + "; read it again and retry");
    }

    private static ProblemException accountExists(String document) {
        return ProblemException.conflict("CREDIT_ACCOUNT_EXISTS",
                "an OPEN credit account already exists for " + Document.mask(document) + "; close it first");
    }

    private static ProblemException holderExists() {
        return ProblemException.conflict("HOLDER_EXISTS", "this email already uses the account's credit");
    }

    private static ProblemException holderNotFound(String holderId) {
        return ProblemException.notFound("HOLDER_NOT_FOUND", "no holder " + holderId + " on this account");
    }

    /**
     * The service's clock ({@code platform.SystemClock}, moved by tests), for the code here that
     * still reads the time statically; new code injects the {@link java.time.Clock} and reads it once
     * per unit of work ({@link AccountLocks#lock} does so once the account is locked).
     */
    static Instant now() {
        return SystemClock.now(io.quarkus.arc.Arc.container().instance(java.time.Clock.class).get());
    }
}
