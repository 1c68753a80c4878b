package dev.aval.platform;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Idempotency-Key settings ({@code aval.idempotency.*}). */
@ConfigMapping(prefix = "aval.idempotency")
public interface IdempotencyConfig {

    /** How long a key and its first answer are kept (api.md: at least 24 h). Default {@code PT24H}. */
    @WithDefault("PT24H")
    Duration retention();

    /**
     * How long a claimed key may stay in flight before another request may take it over (the
     * first one crashed: its transaction never committed). Default {@code PT1M}.
     */
    @WithDefault("PT1M")
    Duration inFlightLease();

    /** How often keys older than the retention are purged (read by {@code @Scheduled}). Default {@code 1h}. */
    @WithDefault("1h")
    String purgeEvery();
}
