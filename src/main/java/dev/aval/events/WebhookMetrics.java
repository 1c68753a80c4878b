package dev.aval.events;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code aval_webhook_deliveries_total{outcome}}: SUCCEEDED, RETRYING (an attempt failed and
 * will be retried) or FAILED (given up); {@code aval_webhook_delivery_lag_seconds}: from the
 * event's time to its successful delivery, as a histogram; {@code aval_webhook_claims_seconds}: how
 * long each claim of due deliveries takes (one at a time per instance, so their sum bounds how
 * fast a backlog drains), as a histogram.
 */
@Singleton
@io.quarkus.runtime.Startup
class WebhookMetrics {

    private final Counter succeeded;
    private final Counter retrying;
    private final Counter failed;
    private final Timer lag;
    private final Timer claims;

    @Inject
    WebhookMetrics(MeterRegistry registry) {
        succeeded = counter(registry, "SUCCEEDED");
        retrying = counter(registry, "RETRYING");
        failed = counter(registry, "FAILED");
        lag = Timer.builder("aval.webhook.delivery.lag")
                .description("From an event's time to its successful delivery to an endpoint")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofHours(24))
                .register(registry);
        claims = Timer.builder("aval.webhook.claims")
                .description("Claiming a batch of due deliveries (one transaction; one claim at a time per instance)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** A claim took {@code nanos}, whatever it found (or its failure). */
    void claimed(long nanos) {
        claims.record(nanos, TimeUnit.NANOSECONDS);
    }

    void succeeded(Duration sinceEvent) {
        succeeded.increment();
        lag.record(sinceEvent.isNegative() ? Duration.ZERO : sinceEvent);
    }

    void failed(boolean givenUp) {
        (givenUp ? failed : retrying).increment();
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("aval.webhook.deliveries")
                .description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
