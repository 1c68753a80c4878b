package dev.aval.credit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Records {@code invoice.overdue} (events.md) for the OPEN invoices that became overdue by the
 * clock alone, every minute by default ({@link CreditConfig#overdueScanEvery}): credit never waits
 * for it (an overdue invoice blocks credit from the instant the rule says so); only the event does.
 * Safe on several instances: the invoices one scan takes are locked and skipped by any other.
 */
@ApplicationScoped
class OverdueScanner {

    @Inject
    InvoiceService invoices;

    @Inject
    CreditConfig config;

    @Scheduled(
            every = "${aval.credit.overdue-scan-every:60s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scan() {
        return invoices.announceOverdue(config.overdueScanBatch())
                .invoke(announced -> {
                    if (announced > 0) {
                        Log.infof("overdue scan: %d invoice(s) became overdue", announced);
                    }
                })
                .onFailure()
                .invoke(e -> Log.warnf("overdue scan failed, will retry: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
