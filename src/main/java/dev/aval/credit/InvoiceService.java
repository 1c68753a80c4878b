package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import dev.aval.distributor.DistributorService;
import dev.aval.platform.Cursor;
import dev.aval.platform.Document;
import dev.aval.platform.Page;
import dev.aval.platform.PageQuery;
import dev.aval.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

/**
 * Invoices: one, the account's (by status, overdue), the distributor's across its accounts
 * (collections), payment and cancellation, both lowering outstanding.
 */
@ApplicationScoped
public class InvoiceService {

    /** The distributor-wide list: each invoice with its account's document, one statement per page. */
    private static final String SEARCH = """
            select i, a.document
              from Invoice i join CreditAccount a on a.id = i.accountId and a.distributorId = i.distributorId
             where i.distributorId = :d""";

    @Inject
    DistributorService distributors;

    @WithSession
    public Uni<Page<InvoiceView>> list(String distributorId, UUID accountId, InvoiceStatus status, Boolean overdue,
            Integer limit, String cursor) {
        PageQuery q = PageQuery.of(limit, cursor);
        LocalDate today = SaoPauloCalendar.today(Instant.now());
        return distributors.get(distributorId).chain(d -> AccountLocks.find(distributorId, accountId).chain(a -> {
            q.where("accountId = :a", "a", a.id).whereGiven("status = :status", "status", status);
            if (overdue != null) {
                q.where(Invoice.overdueCondition("", overdue), "open", InvoiceStatus.OPEN,
                        "overdueBefore", Invoice.overdueBefore(today, d.overdueGraceDays()));
            }
            return Invoice.<Invoice> find(q.query(), q.params()).range(0, q.size()).list()
                    .map(rows -> q.page(rows, i -> i.id, i -> InvoiceView.of(i, today, d.overdueGraceDays())));
        }));
    }

    /** One invoice of the account; another account's (or distributor's) is INVOICE_NOT_FOUND. */
    @WithSession
    public Uni<InvoiceView> get(String distributorId, UUID accountId, String invoiceId) {
        LocalDate today = SaoPauloCalendar.today(Instant.now());
        return distributors.get(distributorId).chain(d -> AccountLocks.find(distributorId, accountId)
                .chain(a -> invoice(a, invoiceId, false))
                .map(i -> InvoiceView.of(i, today, d.overdueGraceDays())));
    }

    /**
     * The distributor's invoices across its accounts, oldest due date first (ties by id), each with
     * its account's id and document: collections' list. Every filter is optional: {@code overdue} is
     * {@link Invoice#overdue} with the distributor's grace days, as in {@link #list}; {@code dueFrom}
     * and {@code dueTo} are inclusive; {@code document} is the account's. After the distributor's
     * look-up (its grace days, as in {@link #list}), one SQL statement per page: the invoices joined to
     * their accounts, in the order of the index credit_invoice_due.
     *
     * @throws ProblemException 400 VALIDATION_FAILED naming dueFrom, dueTo, limit or cursor
     */
    @WithSession
    public Uni<Page<DistributorInvoiceView>> search(String distributorId, InvoiceStatus status, Boolean overdue,
            LocalDate dueFrom, LocalDate dueTo, Document document, Integer limit, String cursor) {
        int size = Cursor.limit(limit);
        InvoiceCursor after = InvoiceCursor.decode(cursor);
        if (dueFrom != null && dueTo != null && dueTo.isBefore(dueFrom)) {
            throw ProblemException.validation("dueTo", "must not be before dueFrom");
        }
        LocalDate today = SaoPauloCalendar.today(Instant.now());
        return distributors.get(distributorId).chain(d -> {
            StringBuilder hql = new StringBuilder(SEARCH);
            Parameters params = Parameters.with("d", distributorId);
            if (status != null) {
                hql.append(" and i.status = :status");
                params.and("status", status);
            }
            if (overdue != null) {
                hql.append(" and ").append(Invoice.overdueCondition("i.", overdue));
                params.and("open", InvoiceStatus.OPEN)
                        .and("overdueBefore", Invoice.overdueBefore(today, d.overdueGraceDays()));
            }
            if (dueFrom != null) {
                hql.append(" and i.dueDate >= :dueFrom");
                params.and("dueFrom", dueFrom);
            }
            if (dueTo != null) {
                hql.append(" and i.dueDate <= :dueTo");
                params.and("dueTo", dueTo);
            }
            if (document != null) {
                hql.append(" and a.document = :document");
                params.and("document", document.value());
            }
            if (after != null) {
                // (dueDate, id) > (after): the first half bounds the index scan, the second skips the ties already seen
                hql.append(" and i.dueDate >= :afterDue and (i.dueDate > :afterDue or i.id > :afterId)");
                params.and("afterDue", after.dueDate()).and("afterId", after.id());
            }
            hql.append(" order by i.dueDate, i.id");
            return Panache.getSession().chain(s -> {
                var query = s.createSelectionQuery(hql.toString(), Object[].class);
                params.map().forEach(query::setParameter);
                return query.setMaxResults(size + 1).getResultList();
            }).map(rows -> Page.of(rows, size, row -> InvoiceCursor.of((Invoice) row[0]),
                    row -> DistributorInvoiceView.of((Invoice) row[0], (String) row[1], today, d.overdueGraceDays())));
        });
    }

    /** Pays all (amount omitted) or part of an OPEN invoice. */
    @WithTransaction
    public Uni<InvoiceView> pay(String distributorId, UUID accountId, String invoiceId, PaymentRequest request,
            String actor) {
        return distributors.get(distributorId).chain(d -> AccountLocks.locked(distributorId, accountId,
                (a, now) -> invoice(a, invoiceId, true).chain(i -> {
                    BigDecimal paid = i.pay(request == null ? null : request.amount(), now);
                    a.addOutstanding(paid.negate());
                    return AccountQuery.reserved(a.id, now)
                            .chain(reserved -> StatementWriter.record(a, EntryType.INVOICE_PAID, paid.negate(), reserved,
                                    "invoice:" + i.id, request == null || request.reference() == null ? null
                                            : "payment " + request.reference(), actor, now))
                            .map(ignored -> InvoiceView.of(i, SaoPauloCalendar.today(now), d.overdueGraceDays()));
                })));
    }

    /** Cancels an OPEN invoice: its unpaid rest leaves outstanding. */
    @WithTransaction
    public Uni<InvoiceView> cancel(String distributorId, UUID accountId, String invoiceId, String reason, String actor) {
        return distributors.get(distributorId).chain(d -> AccountLocks.locked(distributorId, accountId,
                (a, now) -> invoice(a, invoiceId, true).chain(i -> {
                    BigDecimal rest = i.cancel(now);
                    a.addOutstanding(rest.negate());
                    return AccountQuery.reserved(a.id, now)
                            .chain(reserved -> StatementWriter.record(a, EntryType.INVOICE_CANCELLED, rest.negate(), reserved,
                                    "invoice:" + i.id, reason, actor, now))
                            .map(ignored -> InvoiceView.of(i, SaoPauloCalendar.today(now), d.overdueGraceDays()));
                })));
    }

    private static Uni<Invoice> invoice(CreditAccount a, String invoiceId, boolean lock) {
        UUID id = AccountLocks.id(invoiceId, InvoiceService::invoiceNotFound);
        var query = Invoice.<Invoice> find("id = ?1 and accountId = ?2", id, a.id);
        if (lock) {
            query = query.withLock(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.firstResult().map(i -> {
            if (i == null) {
                throw invoiceNotFound(invoiceId);
            }
            return i;
        });
    }

    private static ProblemException invoiceNotFound(String invoiceId) {
        return ProblemException.notFound("INVOICE_NOT_FOUND", "no invoice " + invoiceId + " on this account");
    }
}
