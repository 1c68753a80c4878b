package dev.aval.eligibility;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Eligibility's snapshot cache on each instance ({@code aval.eligibility.cache.*}). */
@ConfigMapping(prefix = "aval.eligibility")
public interface EligibilityConfig {

    Cache cache();

    interface Cache {
        /** Whether eligibility answers repeated questions from memory. Default {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /** Most documents kept at once (the least used go first). Default 200000. */
        @WithDefault("200000")
        long maxEntries();

        /**
         * Most bytes the kept snapshots take, roughly counted. Default 64 MiB: about the 200,000
         * documents of {@link #maxEntries} with a status alone (~320 bytes each), fewer with accounts.
         */
        @WithDefault("67108864")
        long maxBytes();

        /**
         * How often the instance proves, through PostgreSQL, that it has every change notified so
         * far (a notification to itself, delivered after all those committed before it). Default
         * {@code PT0.25S}.
         */
        @WithDefault("PT0.25S")
        Duration beatEvery();

        /**
         * How long after such a proof the cache is trusted without a newer one; less by however long
         * the oldest change not yet numbered has waited. Past it, eligibility reads the database.
         * Default {@code PT1S}.
         */
        @WithDefault("PT1S")
        Duration trustFor();
    }
}
