package dev.aval.eligibility;

import java.util.EnumMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code aval_eligibility_decisions_total{method, reason}} — reason {@code ALLOWED} when the method
 * is allowed. Counters are created once, so the hot path only increments.
 */
@Singleton
@io.quarkus.runtime.Startup
class EligibilityMetrics {

    private final Map<PaymentMethod, Counter> allowed = new EnumMap<>(PaymentMethod.class);
    private final Map<PaymentMethod, Map<Reason, Counter>> refused = new EnumMap<>(PaymentMethod.class);

    @Inject
    EligibilityMetrics(MeterRegistry registry) {
        for (PaymentMethod method : PaymentMethod.values()) {
            allowed.put(method, counter(registry, method, "ALLOWED"));
            Map<Reason, Counter> byReason = new EnumMap<>(Reason.class);
            for (Reason reason : Reason.values()) {
                byReason.put(reason, counter(registry, method, reason.name()));
            }
            refused.put(method, byReason);
        }
    }

    void record(Decision decision) {
        for (Decision.MethodDecision m : decision.methods()) {
            (m.allowed() ? allowed.get(m.method()) : refused.get(m.method()).get(m.reason())).increment();
        }
    }

    private static Counter counter(MeterRegistry registry, PaymentMethod method, String reason) {
        return Counter.builder("aval.eligibility.decisions")
                .description("Eligibility answers per payment method, by refusal reason (ALLOWED when allowed)")
                .tag("method", method.name())
                .tag("reason", reason)
                .register(registry);
    }
}
