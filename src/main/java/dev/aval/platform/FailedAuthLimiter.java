package dev.aval.platform;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Failed authentications per remote address ({@link ClientAddress}) on this instance, in a fixed
 * one-second window: past {@code aval.rate-limit.failed-auth-per-address} the address is refused
 * with 429 for the rest of the second, before its key is even looked at. The addresses are held
 * in a bounded cache (a flood from many addresses evicts old ones; it cannot grow the heap).
 */
@Singleton
public class FailedAuthLimiter {

    /** Addresses tracked at once; beyond it the least recently seen are forgotten. */
    static final int MAX_ADDRESSES = 100_000;

    private final int perSecond;
    private final Cache<String, Window> windows = Caffeine.newBuilder()
            .maximumSize(MAX_ADDRESSES)
            .expireAfterAccess(Duration.ofSeconds(2))
            .build();

    @Inject
    public FailedAuthLimiter(AvalConfig config) {
        this(config.rateLimit().failedAuthPerAddress());
    }

    FailedAuthLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    /** True when the address has used up its failed authentications of this second. */
    public boolean blocked(String address) {
        if (perSecond <= 0) {
            return false;
        }
        Window window = windows.getIfPresent(address);
        return window != null && window.count(now()) >= perSecond;
    }

    /** Counts one failed authentication of the address. */
    public void failed(String address) {
        if (perSecond > 0) {
            windows.get(address, a -> new Window()).increment(now());
        }
    }

    /** Addresses tracked now, once the cache's pending evictions are done: never over {@link #MAX_ADDRESSES}. */
    long tracked() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** The second and the count in it, packed in one long so that a reset and a count never race. */
    private static final class Window {
        private final AtomicLong state = new AtomicLong();

        long count(long second) {
            long s = state.get();
            return s >>> 24 == second ? s & 0xFFFFFF : 0;
        }

        void increment(long second) {
            state.updateAndGet(s -> s >>> 24 == second ? Math.min(s + 1, second << 24 | 0xFFFFFF) : second << 24 | 1);
        }
    }
}
