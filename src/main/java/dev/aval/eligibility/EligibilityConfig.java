package dev.aval.eligibility;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Eligibility settings. */
@ConfigMapping(prefix = "aval.eligibility")
public interface EligibilityConfig {

    /**
     * How the eligibility statement reaches PostgreSQL: {@code event-loop} (the service's own
     * connection per event loop, statements queued meanwhile sent as one batch) or {@code pipelined}
     * (Vert.x's pipelined client, one connection per event loop). Read at start. Default
     * {@code event-loop}.
     */
    @WithDefault("event-loop")
    Reads reads();

    enum Reads {
        EVENT_LOOP,
        PIPELINED
    }
}
