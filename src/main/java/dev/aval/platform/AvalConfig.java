package dev.aval.platform;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Platform settings: the admin key, key caching, rate limits and body limits. */
@ConfigMapping(prefix = "aval")
public interface AvalConfig {

    /**
     * The platform admin key (env {@code AVAL_ADMIN_API_KEY}). Required in production; dev mode
     * and tests set their own default.
     */
    String adminApiKey();

    Auth auth();

    RateLimit rateLimit();

    Http http();

    interface Auth {
        /**
         * How long a verified key, and a distributor's settings, are reused before they are read
         * again: a revocation or a settings change on another instance takes effect here within
         * this time. Default {@code PT4S}.
         */
        @WithDefault("PT4S")
        Duration cacheTtl();
    }

    interface RateLimit {
        /** Requests per second allowed per API key on each instance; {@code 0} turns it off. Default 10000. */
        @WithDefault("10000")
        int requestsPerSecond();

        /**
         * Failed authentications (no key, a malformed, unknown or revoked one) allowed per remote
         * address per second on each instance; past it that address gets 429 RATE_LIMITED for the rest
         * of the second, before any key look-up. {@code 0} turns it off. Default 20.
         */
        @WithDefault("20")
        int failedAuthPerAddress();

        /**
         * How long every refused authentication (401, or the 429 above) waits before it is answered,
         * holding only a timer and the client's connection: a flood of bad keys on a few connections
         * slows to a few requests per connection per second instead of taking the cores from real
         * callers. {@code 0} answers at once. Default {@code PT0.25S}.
         */
        @WithDefault("PT0.25S")
        Duration failedAuthDelay();
    }

    interface Http {
        /**
         * Largest JSON request body accepted, in bytes (CSV uploads have their own limit). Default
         * 4 MiB: a full batch of 1,000 status updates with 500-character reasons, every character
         * JSON-escaped (six bytes each), still fits.
         */
        @WithDefault("4194304")
        long maxJsonBodySize();

        /**
         * Bytes of JSON request bodies held in memory at once on this instance, all requests
         * together: past it a body is refused with 503 SERVICE_UNAVAILABLE and {@code Retry-After}
         * before it is read. Keep it well under the heap (reading may hold up to twice the bytes).
         * Default 32 MiB: 8 bodies of the largest size, or thousands of ordinary calls.
         */
        @WithDefault("33554432")
        long maxBodyBytesInFlight();

        /**
         * Bytes of JSON request bodies that one distributor's keys together (or the admin key) may
         * hold in memory at once on this instance, within {@link #maxBodyBytesInFlight()}: past it
         * that distributor's next body gets 503 SERVICE_UNAVAILABLE with {@code Retry-After} before
         * it is read, and the rest of the budget stays for the others. Default 8 MiB (a quarter of
         * the default budget): two bodies of the largest size, or hundreds of ordinary calls.
         */
        @WithDefault("8388608")
        long maxBodyBytesInFlightPerDistributor();

        /**
         * Deadline for answering a {@code /v1} request: past it the caller gets 503
         * SERVICE_UNAVAILABLE (e.g. the database hangs) instead of waiting; {@code 0} turns it
         * off. Uploads (every body that is not JSON) are exempt. Default {@code 10S}.
         */
        @WithDefault("10S")
        Duration requestTimeout();

        /**
         * Proxies (IP addresses or CIDR ranges, comma-separated) whose {@code X-Forwarded-For} is
         * believed: behind one, a request's address is the last hop that is not a trusted proxy.
         * Default none: the socket's peer address.
         */
        Optional<List<String>> trustedProxies();
    }
}
