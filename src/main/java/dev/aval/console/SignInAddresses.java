package dev.aval.console;

import java.time.Duration;
import java.util.HexFormat;

import jakarta.inject.Singleton;

import dev.aval.platform.ClientAddress;
import dev.aval.platform.FailedAuthLimiter;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;

/**
 * Failed password checks per network ({@link ClientAddress}; an IPv6 address by its /64, which one
 * subscriber holds whole) on this instance, per minute. The per-email limit of console.md stops
 * guessing one user's password; this one stops a single network from taking every password check
 * (each an Argon2 hash) with guesses at random emails. It is a limit on a shared resource, so it
 * bites only while that is short: past 30 failures a network is refused while every check is
 * taken, and let through while checks are free — an office behind the same NAT as a guesser, or
 * every analyst behind a proxy left out of {@code aval.http.trusted-proxies}, is never locked out.
 * An attempt counts before it is checked (so simultaneous ones cannot all pass); a right password,
 * or a check that could not be made, takes it back.
 */
@Singleton
class SignInAddresses {

    /** One password check of a network: counted against it, or let through uncounted. */
    record Attempt(String network, boolean counted) {}

    private final ClientAddress addresses;
    private final ConsoleUserService users;
    private final FailedAuthLimiter limiter;

    SignInAddresses(ClientAddress addresses, ConsoleUserService users, ConsoleConfig config) {
        this.addresses = addresses;
        this.users = users;
        this.limiter = new FailedAuthLimiter(config.signInFailuresPerAddress(), Duration.ofMinutes(1));
    }

    /** The request's attempt; null when its network must wait (past its failures while checks are taken). */
    Attempt attempt(HttpServerRequest request) {
        String network = network(addresses.of(request));
        if (limiter.tryCount(network)) {
            return new Attempt(network, true);
        }
        return users.passwordChecksTaken() ? null : new Attempt(network, false);
    }

    /** The attempt was right, or no password was checked: it does not count. */
    void takeBack(Attempt attempt) {
        if (attempt.counted()) {
            limiter.forgive(attempt.network());
        }
    }

    /** An IPv4 address as it is; an IPv6 one by its /64 (a subscriber's whole prefix). */
    static String network(String address) {
        byte[] bytes = address.indexOf(':') < 0 ? null : NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null || bytes.length != 16) {
            return address;
        }
        return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }
}
