package dev.aval.support;

import java.time.Duration;

/**
 * The one bound on a test's waits: a blocking {@code await()} on a {@code Uni} and the Awaitility
 * waits for something the service does in the background. A stuck test fails with a message after
 * this long instead of hanging the build.
 */
public final class Waits {

    /** Longest a test waits for one thing: a query, a lock, a background job reaching a state. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Waits() {}
}
