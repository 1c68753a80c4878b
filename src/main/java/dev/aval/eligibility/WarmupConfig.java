package dev.aval.eligibility;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The warm-up before readiness ({@code aval.warmup.*}, {@link Warmup}). */
@ConfigMapping(prefix = "aval.warmup")
public interface WarmupConfig {

    /** Whether the service calls its own hot path before it reports ready. Default {@code true}. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long it calls: long enough for the JIT to compile the hot path (C2 needs ~10,000 calls
     * of a method and its own CPU time). Default {@code PT20S}.
     */
    @WithDefault("PT20S")
    Duration duration();

    /**
     * Whether it first reads known customers' snapshots into the eligibility cache in bulk (for at
     * most half the duration), so a pod is ready with its cache filled. Default {@code true}.
     */
    @WithDefault("true")
    boolean prefill();

    /** Connections it calls on at once. Default 8. */
    @WithDefault("8")
    int connections();
}
