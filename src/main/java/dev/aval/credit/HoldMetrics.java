package dev.aval.credit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.aval.platform.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code aval_holds_total{outcome}}: PLACED, or the refusal's problem code (CREDIT_INSUFFICIENT,
 * CUSTOMER_NOT_APPROVED, CREDIT_ACCOUNT_CLOSED, …). Replays of an Idempotency-Key are not counted.
 */
@Singleton
@io.quarkus.runtime.Startup
class HoldMetrics {

    private final MeterRegistry registry;
    private final Counter placed;

    @Inject
    HoldMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.placed = counter("PLACED");
        for (String code : new String[] { "CREDIT_INSUFFICIENT", "CUSTOMER_NOT_APPROVED", "CREDIT_ACCOUNT_CLOSED" }) {
            counter(code);
        }
    }

    void placed() {
        placed.increment();
    }

    void refused(Throwable failure) {
        if (failure instanceof ProblemException problem && problem.status() < 500) {
            counter(problem.code()).increment();
        }
    }

    private Counter counter(String outcome) {
        return Counter.builder("aval.holds").description("Hold placements by outcome (PLACED or the refusal's code)")
                .tag("outcome", outcome).register(registry);
    }
}
