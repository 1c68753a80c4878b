package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

import dev.aval.distributor.DistributorService;
import dev.aval.platform.Page;
import dev.aval.platform.PageQuery;
import dev.aval.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Invoices: one, list (by status, overdue), payment and cancellation, both lowering outstanding. */
@ApplicationScoped
public class InvoiceService {

    @Inject
    DistributorService distributors;

    @WithSession
    public Uni<Page<InvoiceView>> list(String distributorId, UUID accountId, InvoiceStatus status, Boolean overdue,
            Integer limit, String cursor) {
        PageQuery q = PageQuery.of(limit, cursor);
        LocalDate today = Ledger.today(Instant.now());
        return distributors.get(distributorId).chain(d -> Ledger.find(distributorId, accountId).chain(a -> {
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
        LocalDate today = Ledger.today(Instant.now());
        return distributors.get(distributorId).chain(d -> Ledger.find(distributorId, accountId)
                .chain(a -> invoice(a, invoiceId, false))
                .map(i -> InvoiceView.of(i, today, d.overdueGraceDays())));
    }

    /** Pays all (amount omitted) or part of an OPEN invoice. */
    @WithTransaction
    public Uni<InvoiceView> pay(String distributorId, UUID accountId, String invoiceId, PaymentRequest request,
            String actor) {
        return distributors.get(distributorId).chain(d -> Ledger.locked(distributorId, accountId,
                (a, now) -> invoice(a, invoiceId, true).chain(i -> {
                    BigDecimal paid = i.pay(request == null ? null : request.amount(), now);
                    a.addOutstanding(paid.negate());
                    return Ledger.reserved(a.id, now)
                            .chain(reserved -> Ledger.record(a, EntryType.INVOICE_PAID, paid.negate(), reserved,
                                    "invoice:" + i.id, request == null || request.reference() == null ? null
                                            : "payment " + request.reference(), actor, now))
                            .map(ignored -> InvoiceView.of(i, Ledger.today(now), d.overdueGraceDays()));
                })));
    }

    /** Cancels an OPEN invoice: its unpaid rest leaves outstanding. */
    @WithTransaction
    public Uni<InvoiceView> cancel(String distributorId, UUID accountId, String invoiceId, String reason, String actor) {
        return distributors.get(distributorId).chain(d -> Ledger.locked(distributorId, accountId,
                (a, now) -> invoice(a, invoiceId, true).chain(i -> {
                    BigDecimal rest = i.cancel(now);
                    a.addOutstanding(rest.negate());
                    return Ledger.reserved(a.id, now)
                            .chain(reserved -> Ledger.record(a, EntryType.INVOICE_CANCELLED, rest.negate(), reserved,
                                    "invoice:" + i.id, reason, actor, now))
                            .map(ignored -> InvoiceView.of(i, Ledger.today(now), d.overdueGraceDays()));
                })));
    }

    private static Uni<Invoice> invoice(CreditAccount a, String invoiceId, boolean lock) {
        UUID id = Ledger.id(invoiceId, InvoiceService::invoiceNotFound);
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
