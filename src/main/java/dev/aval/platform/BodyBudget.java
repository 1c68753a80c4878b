package dev.aval.platform;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bytes of request bodies held in memory at once, across all requests of this instance
 * ({@code aval.http.max-body-bytes-in-flight}): a JSON body reserves its declared length, or each
 * chunk as it arrives, and gives it back when its request ends. Past the budget a body is refused
 * (503 SERVICE_UNAVAILABLE, {@code Retry-After}) instead of growing the heap. Gauge
 * {@value #GAUGE}.
 */
@Singleton
public class BodyBudget {

    static final String GAUGE = "aval.http.body.bytes.in.flight";

    private final AtomicLong held = new AtomicLong();
    private final long limit;

    @Inject
    public BodyBudget(AvalConfig config, MeterRegistry registry) {
        this(config.http().maxBodyBytesInFlight());
        Gauge.builder(GAUGE, held, AtomicLong::get)
                .description("Request body bytes held in memory")
                .baseUnit("bytes")
                .register(registry);
    }

    BodyBudget(long limit) {
        this.limit = limit;
    }

    /** Takes the bytes from the budget, or nothing and false when they do not fit. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long now = held.get();
            if (now + bytes > limit) {
                return false;
            }
            if (held.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }
}
