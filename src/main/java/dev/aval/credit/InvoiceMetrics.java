package dev.aval.credit;

import java.math.BigDecimal;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code aval_invoice_changes_total{change}}: PAID (a payment, full or partial), CREDITED (a credit
 * note), POSTPONED, CANCELLED; and {@code aval_invoice_change_amount{change}}, the amounts paid and
 * credited (BRL). Replays of an Idempotency-Key are not counted.
 */
@Singleton
@io.quarkus.runtime.Startup
class InvoiceMetrics {

    enum Change {
        PAID,
        CREDITED,
        POSTPONED,
        CANCELLED
    }

    private final MeterRegistry registry;

    @Inject
    InvoiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Change change : Change.values()) {
            counter(change);
        }
        amount(Change.PAID);
        amount(Change.CREDITED);
    }

    void changed(Change change) {
        counter(change).increment();
    }

    void moved(Change change, BigDecimal amount) {
        counter(change).increment();
        amount(change).record(amount.doubleValue());
    }

    private Counter counter(Change change) {
        return Counter.builder("aval.invoice.changes")
                .description("Changes of invoices: payments, credit notes, " + "postponements, cancellations")
                .tag("change", change.name())
                .register(registry);
    }

    private DistributionSummary amount(Change change) {
        return DistributionSummary.builder("aval.invoice.change.amount")
                .baseUnit("BRL")
                .description("Amounts paid and credited on invoices")
                .tag("change", change.name())
                .register(registry);
    }
}
