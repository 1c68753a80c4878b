package dev.aval.console;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The console's settings. The session cookie itself is Quarkus's form-authentication cookie
 * ({@code quarkus.http.auth.form.*}: idle timeout 30 minutes, encrypted with
 * {@code quarkus.http.auth.session.encryption-key}).
 */
@ConfigMapping(prefix = "aval.console")
public interface ConsoleConfig {

    /**
     * Where users reach the console, for the setup links the admin API answers (e.g.
     * {@code https://aval.example.com}). Default: the host of the admin's request.
     */
    Optional<String> baseUrl();

    /**
     * The key encrypting console sessions (env {@code AVAL_CONSOLE_SESSION_KEY}, 32+ random
     * characters), the same on every instance; changing it signs everyone out. Unset: derived from
     * the admin key (it works, but ties the two secrets together). It becomes
     * {@code quarkus.http.auth.session.encryption-key}, which Quarkus's form authentication reads.
     */
    Optional<String> sessionKey();

    /** How long a one-time setup link works. Default {@code PT72H}. */
    @WithDefault("PT72H")
    Duration setupLinkTtl();

    /** A session ends this long after sign-in, however active. Default {@code PT12H}. */
    @WithDefault("PT12H")
    Duration sessionAbsoluteTimeout();

    /** Failed sign-ins of one email within {@link #signInWindow()} after which it must wait. Default {@code 5}. */
    @WithDefault("5")
    int signInMaxFailures();

    /** The window failed sign-ins are counted over. Default {@code PT15M}. */
    @WithDefault("PT15M")
    Duration signInWindow();

    /**
     * Failed sign-ins one network (a client address; IPv6 by its /64) may make per minute on this
     * instance before it is refused (429, before any look-up or hash) whenever every password check
     * is taken — so that guesses from one network cannot take the checks every analyst needs, while
     * nobody is locked out of checks that are free. A right password takes its attempt back.
     * Default {@code 30}; {@code 0} turns it off.
     */
    @WithDefault("30")
    int signInFailuresPerAddress();

    /**
     * Whether the session and CSRF cookies carry {@code Secure} (HTTPS only). Default {@code true};
     * dev mode and tests, on plain HTTP, turn it off.
     */
    @WithDefault("true")
    boolean secureCookies();
}
