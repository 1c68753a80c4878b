package dev.aval.platform;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The bytes of request bodies held in memory at once, across all requests of this instance
 * ({@code aval.http.max-body-bytes-in-flight}), and by one distributor's keys together
 * ({@code aval.http.max-body-bytes-in-flight-per-distributor}): a JSON body reserves its declared
 * length, or each chunk as it arrives, and gives it back when its request ends. Past either budget a
 * body is refused (503 SERVICE_UNAVAILABLE, {@code Retry-After}) instead of growing the heap; the
 * share keeps one distributor's bodies (slow ones too, each holding its declared length) from
 * taking the whole budget and refusing every other distributor's writes. Gauge {@value #GAUGE}.
 */
@Singleton
public class BodyBudget {

    static final String GAUGE = "aval.http.body.bytes.in.flight";

    private final AtomicLong held = new AtomicLong();
    /** Bytes held per owner (a distributor, or the admin), only while it holds some. */
    private final Map<String, Long> heldBy = new ConcurrentHashMap<>();

    private final long limit;
    private final long perOwner;

    @Inject
    public BodyBudget(AvalConfig config, MeterRegistry registry) {
        this(config.http().maxBodyBytesInFlight(), config.http().maxBodyBytesInFlightPerDistributor());
        Gauge.builder(GAUGE, held, AtomicLong::get)
                .description("Request body bytes held in memory")
                .baseUnit("bytes")
                .register(registry);
    }

    BodyBudget(long limit, long perOwner) {
        this.limit = limit;
        this.perOwner = perOwner;
    }

    /**
     * Takes the bytes from the owner's share and from the instance's budget, or nothing and false
     * when they do not fit in either.
     */
    public boolean tryReserve(String owner, long bytes) {
        boolean[] reserved = {false};
        heldBy.compute(owner, (o, now) -> {
            long mine = now == null ? 0 : now;
            if (mine + bytes > perOwner || !tryReserveTotal(bytes)) {
                return now;
            }
            reserved[0] = true;
            return mine + bytes;
        });
        return reserved[0];
    }

    public void release(String owner, long bytes) {
        if (bytes == 0) {
            return;
        }
        heldBy.computeIfPresent(owner, (o, now) -> now - bytes <= 0 ? null : now - bytes);
        held.addAndGet(-bytes);
    }

    private boolean tryReserveTotal(long bytes) {
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

    long held() {
        return held.get();
    }

    long heldBy(String owner) {
        return heldBy.getOrDefault(owner, 0L);
    }
}
