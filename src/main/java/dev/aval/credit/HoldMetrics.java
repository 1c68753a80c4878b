package dev.aval.credit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.aval.platform.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code aval_holds_total{outcome}}: PLACED, or the refusal's problem code (ORDER_ALREADY_HELD,
 * CREDIT_INSUFFICIENT, CUSTOMER_NOT_APPROVED, CREDIT_ACCOUNT_CLOSED, …);
 * {@code aval_hold_adjustments_total{outcome}}: ADJUSTED or the refusal's code;
 * {@code aval_hold_captures_total{kind}}: FINAL or PARTIAL. Replays of an Idempotency-Key are not counted.
 */
@Singleton
@io.quarkus.runtime.Startup
class HoldMetrics {

    private static final String[] PLACE_REFUSALS = {
        "ORDER_ALREADY_HELD",
        "CREDIT_ACCOUNT_CLOSED",
        "CUSTOMER_NOT_APPROVED",
        "CREDIT_EMAIL_MISMATCH",
        "CREDIT_OVERDUE",
        "CREDIT_INSUFFICIENT"
    };

    private final MeterRegistry registry;
    private final Counter placed;
    private final Counter adjusted;
    private final Counter finalCaptures;
    private final Counter partialCaptures;

    @Inject
    HoldMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.placed = placement("PLACED");
        for (String code : PLACE_REFUSALS) {
            placement(code);
        }
        this.adjusted = adjustment("ADJUSTED");
        this.finalCaptures = capture("FINAL");
        this.partialCaptures = capture("PARTIAL");
    }

    void placed() {
        placed.increment();
    }

    void refused(Throwable failure) {
        if (failure instanceof ProblemException problem && problem.status() < 500) {
            placement(problem.code()).increment();
        }
    }

    void adjusted() {
        adjusted.increment();
    }

    void adjustRefused(Throwable failure) {
        if (failure instanceof ProblemException problem && problem.status() < 500) {
            adjustment(problem.code()).increment();
        }
    }

    void captured(boolean releasesRest) {
        (releasesRest ? finalCaptures : partialCaptures).increment();
    }

    private Counter placement(String outcome) {
        return Counter.builder("aval.holds")
                .description("Hold placements by outcome (PLACED or the refusal's code)")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter adjustment(String outcome) {
        return Counter.builder("aval.hold.adjustments")
                .description("Hold adjustments by outcome (ADJUSTED or the refusal's code)")
                .tag("outcome", outcome)
                .register(registry);
    }

    private Counter capture(String kind) {
        return Counter.builder("aval.hold.captures")
                .description("Hold captures by kind (FINAL or PARTIAL)")
                .tag("kind", kind)
                .register(registry);
    }
}
