package dev.aval.platform;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Failed authentications per remote address ({@link ClientAddress}) on this instance, in a fixed
 * window: for the API one second, past {@code aval.rate-limit.failed-auth-per-address} the address
 * is refused with 429 for the rest of the second, before its key is even looked at; the console's
 * sign-in keeps its own, per minute ({@code SignInAddresses}). The addresses are held in a bounded
 * cache (a flood from many addresses evicts old ones; it cannot grow the heap).
 */
@Singleton
public class FailedAuthLimiter {

    /** Addresses tracked at once; beyond it the least recently seen are forgotten. */
    static final int MAX_ADDRESSES = 100_000;

    private final int limit;
    private final long windowSeconds;
    private final Cache<String, Window> windows;

    @Inject
    public FailedAuthLimiter(AvalConfig config) {
        this(config.rateLimit().failedAuthPerAddress());
    }

    FailedAuthLimiter(int perSecond) {
        this(perSecond, Duration.ofSeconds(1));
    }

    /** At most {@code limit} failures per address in each fixed window (whole seconds); 0 turns it off. */
    public FailedAuthLimiter(int limit, Duration window) {
        this.limit = limit;
        this.windowSeconds = Math.max(1, window.toSeconds());
        this.windows = Caffeine.newBuilder()
                .maximumSize(MAX_ADDRESSES)
                .expireAfterAccess(Duration.ofSeconds(2 * windowSeconds))
                .build();
    }

    /** True when the address has used up its failed authentications of this window. */
    public boolean blocked(String address) {
        if (limit <= 0) {
            return false;
        }
        Window window = windows.getIfPresent(address);
        return window != null && window.count(slot()) >= limit;
    }

    /** Counts one failed authentication of the address. */
    public void failed(String address) {
        if (limit > 0) {
            windows.get(address, a -> new Window()).increment(slot());
        }
    }

    /**
     * Counts one attempt of the address unless it has used up its window — then false, and nothing
     * is counted. One atomic step, so simultaneous attempts never pass the limit together.
     */
    public boolean tryCount(String address) {
        return limit <= 0 || windows.get(address, a -> new Window()).incrementBelow(slot(), limit);
    }

    /**
     * Takes one failure of the address back in this window: an attempt counted before it was
     * checked (so that simultaneous ones cannot all pass the limit) that turned out right.
     */
    public void forgive(String address) {
        Window window = limit > 0 ? windows.getIfPresent(address) : null;
        if (window != null) {
            window.decrement(slot());
        }
    }

    private long slot() {
        return now() / windowSeconds;
    }

    /** Addresses tracked now, once the cache's pending evictions are done: never over {@link #MAX_ADDRESSES}. */
    long tracked() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** The window and the count in it, packed in one long so that a reset and a count never race. */
    private static final class Window {
        private final AtomicLong state = new AtomicLong();

        long count(long slot) {
            long s = state.get();
            return s >>> 24 == slot ? s & 0xFFFFFF : 0;
        }

        void increment(long slot) {
            state.updateAndGet(s -> s >>> 24 == slot ? Math.min(s + 1, slot << 24 | 0xFFFFFF) : slot << 24 | 1);
        }

        boolean incrementBelow(long slot, int limit) {
            while (true) {
                long s = state.get();
                long count = s >>> 24 == slot ? s & 0xFFFFFF : 0;
                if (count >= limit) {
                    return false;
                }
                if (state.compareAndSet(s, s >>> 24 == slot ? s + 1 : slot << 24 | 1)) {
                    return true;
                }
            }
        }

        void decrement(long slot) {
            state.updateAndGet(s -> s >>> 24 == slot && (s & 0xFFFFFF) > 0 ? s - 1 : s);
        }
    }
}
