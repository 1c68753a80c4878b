package dev.aval.events;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Webhook endpoints and deliveries ({@code aval.webhooks.*}). */
@ConfigMapping(prefix = "aval.webhooks")
public interface WebhooksConfig {

    /** Accept {@code http://} endpoint URLs (dev, tests); otherwise https only. Default {@code false}. */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * Accept endpoints whose host resolves to a loopback, link-local or private address (tests run
     * a receiver on loopback); checked at registration and again before every attempt. Default {@code false}.
     */
    @WithDefault("false")
    boolean allowPrivateTargets();

    /**
     * The waits after the 1st, 2nd, … failed attempt, each with ±20 % jitter; the last repeats
     * until {@link #giveUpAfter()}. Default {@code PT5S,PT30S,PT2M,PT10M,PT30M,PT1H}.
     */
    @WithDefault("PT5S,PT30S,PT2M,PT10M,PT30M,PT1H")
    List<Duration> retryDelays();

    /** A delivery still failing this long after its first attempt is FAILED (kept, retriable by hand). Default {@code PT24H}. */
    @WithDefault("PT24H")
    Duration giveUpAfter();

    /** An endpoint whose deliveries have failed without a success for this long is DISABLED. Default {@code P3D}. */
    @WithDefault("P3D")
    Duration disableAfter();

    /** An attempt not answered (status and up to 4 KiB of body) within this is a failure. Default {@code PT10S}. */
    @WithDefault("PT10S")
    Duration timeout();

    /**
     * How long a claimed delivery belongs to the instance that claimed it: if that instance dies
     * mid-attempt, another one retries it after this. Keep it above {@link #timeout()}. Default {@code PT1M}.
     */
    @WithDefault("PT1M")
    Duration lease();

    /**
     * How often an instance looks for due deliveries without being woken (new events and its own
     * retries wake it at once). Read by {@code @Scheduled}. Default {@code 1s}.
     */
    @WithDefault("1s")
    String pollEvery();

    /** Deliveries one instance claims, and sends concurrently, in one batch. Default {@code 32}. */
    @WithDefault("32")
    int batch();

    /**
     * Batches one instance has in flight at most: while a backlog lasts (a claim came back full),
     * another batch is claimed while the first ones are sent and recorded, so the round trips of
     * one batch do not pace the drain. Default {@code 4}.
     */
    @WithDefault("4")
    int batchesInFlight();
}
