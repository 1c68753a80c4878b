package dev.aval.console;

import java.time.Duration;

import jakarta.inject.Singleton;

import dev.aval.platform.ClientAddress;
import dev.aval.platform.FailedAuthLimiter;
import io.vertx.core.http.HttpServerRequest;

/**
 * Password checks per client address ({@link ClientAddress}) on this instance, per minute: the
 * per-email limit of console.md stops guessing one user's password, this one stops a single
 * network from taking every password check (each costs an Argon2 hash) with guesses at random
 * emails. An attempt counts before it is checked, so simultaneous ones cannot all pass; a right
 * password (or a form refused before any check) takes it back.
 */
@Singleton
class SignInAddresses {

    private final ClientAddress addresses;
    private final FailedAuthLimiter limiter;

    SignInAddresses(ClientAddress addresses, ConsoleConfig config) {
        this.addresses = addresses;
        this.limiter = new FailedAuthLimiter(config.signInFailuresPerAddress(), Duration.ofMinutes(1));
    }

    /** The request's address, its attempt counted; null when the address must wait (nothing counted). */
    String attempt(HttpServerRequest request) {
        String address = addresses.of(request);
        if (limiter.blocked(address)) {
            return null;
        }
        limiter.failed(address);
        return address;
    }

    /** The attempt was right, or never checked a password: it does not count. */
    void takeBack(String address) {
        limiter.forgive(address);
    }
}
