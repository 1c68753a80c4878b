package dev.aval.events;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The change feed ({@code aval.events.*}). */
@ConfigMapping(prefix = "aval.events")
public interface EventsConfig {

    /**
     * How long events are kept (events.md: at least 30 days); reading the feed from before what
     * was purged is 410 EVENTS_EXPIRED. Default {@code P30D}.
     */
    @WithDefault("P30D")
    Duration retention();

    /** How often events older than the retention are deleted (read by {@code @Scheduled}). Default {@code 1h}. */
    @WithDefault("1h")
    String purgeEvery();

    /**
     * How often the sequencer looks for committed, unnumbered events in any case: those committed
     * on another instance while this one held the sequencer's lock, or later than
     * {@link #sequenceDelay()} after their append. Default {@code PT0.2S}.
     */
    @WithDefault("PT0.2S")
    Duration sequenceEvery();

    /**
     * How long after an append on this instance the sequencer runs (the appending transaction
     * commits meanwhile; the appends of that moment share one run). Default {@code PT0.05S}.
     */
    @WithDefault("PT0.05S")
    Duration sequenceDelay();

    /** Longest {@code wait} a feed request may ask for (long polling). Default {@code PT20S}. */
    @WithDefault("PT20S")
    Duration maxWait();
}
