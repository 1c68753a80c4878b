package dev.aval.platform;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** A fixed one-second window per API key, on this instance. */
@Singleton
public class RateLimiter {

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final int perSecond;

    @Inject
    public RateLimiter(AvalConfig config) {
        this(config.rateLimit().requestsPerSecond());
    }

    RateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    /** True when the key may make one more request now. */
    public boolean tryAcquire(String keyId) {
        if (perSecond <= 0) {
            return true;
        }
        long second = System.currentTimeMillis() / 1000;
        Window window = windows.computeIfAbsent(keyId, k -> new Window());
        if (window.second != second) {
            synchronized (window) {
                if (window.second != second) {
                    window.count.set(0);
                    window.second = second;
                }
            }
        }
        return window.count.incrementAndGet() <= perSecond;
    }

    private static final class Window {
        volatile long second;
        final AtomicInteger count = new AtomicInteger();
    }
}
