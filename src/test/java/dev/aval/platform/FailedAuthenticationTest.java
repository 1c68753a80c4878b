package dev.aval.platform;

import static dev.aval.support.Api.ADMIN_KEY;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newDistributor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import dev.aval.support.Waits;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * Unknown keys cost no database work: a token of the wrong shape is refused without a look-up, an
 * unknown key is looked up once and then remembered, and an address that fails too often gets 429
 * before any look-up while other addresses go on as before. The test profile trusts loopback as a
 * proxy, so each test speaks for client addresses of its own with {@code X-Forwarded-For}.
 */
@AvalTest
class FailedAuthenticationTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** aval.rate-limit.failed-auth-per-address in the test profile (application.properties). */
    private static final int LIMIT = 200;
    /** aval.rate-limit.failed-auth-delay (its default). */
    private static final Duration DELAY = Duration.ofMillis(250);

    @Inject
    MeterRegistry registry;

    @Test
    void aTokenThatCannotBeAKeyIsRefusedWithoutALookUp() {
        String address = newAddress();
        double before = lookups();
        for (String token : List.of(
                "not-a-key",
                "avk_nope",
                wellShaped().substring(0, 46),
                wellShaped() + "A",
                wellShaped().substring(0, 46) + "+")) {
            call(address, "Bearer " + token).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        }
        assertEquals(before, lookups(), "look-ups for malformed tokens");
    }

    @Test
    void anUnknownKeyIsLookedUpOnceThenRemembered() {
        String address = newAddress();
        String unknown = wellShaped();
        double before = lookups();
        call(address, "Bearer " + unknown).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        assertEquals(before + 1, lookups(), "a well-shaped unknown key is looked up");
        call(address, "Bearer " + unknown).then().statusCode(401);
        call(address, "Bearer " + unknown).then().statusCode(401);
        assertEquals(before + 1, lookups(), "the miss is remembered");
    }

    @Test
    void anIssuedKeyHasTheShapeAndStillWorks() {
        String d = newDistributor();
        String key = key(d, "READ_ONLY");
        assertTrue(ApiKeyHash.couldBeKey(key), key);
        call(newAddress(), "Bearer " + key).then().statusCode(200).body("distributorId", equalTo(d));
    }

    @Test
    void pastTheLimitAnAddressGets429BeforeAnyLookUpWhileOthersAreServed() throws Exception {
        String d = newDistributor();
        String key = key(d, "READ_ONLY");
        for (int attempt = 0; attempt < 3; attempt++) {
            String noisy = newAddress(); // each attempt from a fresh address, with no failures counted yet
            double before = lookups();
            // more failures than the limit at once, then a fresh unknown key (the probe) from the same address
            List<String> authorizations = new ArrayList<>();
            for (int i = 0; i < 2 * LIMIT + 20; i++) {
                authorizations.add(i % 2 == 0 ? "Bearer avk_nope" : null);
            }
            authorizations.add("Bearer " + wellShaped());
            List<String> answers = burst(noisy, authorizations);
            String probe = answers.get(answers.size() - 1);
            if (!probe.startsWith("HTTP/1.1 429")) {
                continue; // the second turned meanwhile
            }
            long refused =
                    answers.stream().filter(a -> a.startsWith("HTTP/1.1 401")).count();
            long limited =
                    answers.stream().filter(a -> a.startsWith("HTTP/1.1 429")).count();
            assertTrue(refused >= LIMIT, "429 after only " + refused + " failures");
            assertEquals(answers.size(), refused + limited, "every answer is 401 or 429");
            assertTrue(probe.contains("\"code\":\"RATE_LIMITED\""), probe);
            assertTrue(probe.contains("Retry-After: 1"), probe);
            assertTrue(probe.contains("application/problem+json"), probe);
            assertEquals(before, lookups(), "no look-up for a limited address");
            // real callers elsewhere are not affected, nor are other addresses' failures limited
            call(newAddress(), "Bearer " + key).then().statusCode(200);
            call(newAddress(), "Bearer " + ADMIN_KEY).then().statusCode(200);
            call(newAddress(), "Bearer avk_nope").then().statusCode(401);
            return;
        }
        throw new AssertionError("the limit never held for a request sent right after it was reached");
    }

    /**
     * A refused authentication is answered only after aval.rate-limit.failed-auth-delay, so a
     * flood on a few connections slows down; the waits overlap (timers, not a blocked thread), and
     * real callers are served meanwhile.
     */
    @Test
    void aRefusedKeyIsAnsweredAfterTheDelayWhileRealCallersAreServed() throws Exception {
        String d = newDistributor();
        String key = key(d, "READ_ONLY");
        long start = System.nanoTime();
        call(newAddress(), "Bearer avk_nope").then().statusCode(401);
        assertTrue(System.nanoTime() - start >= DELAY.toNanos(), "a 401 answered before the delay");

        int connections = 40;
        List<String> authorizations = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            authorizations.add("Bearer avk_nope");
        }
        start = System.nanoTime();
        List<String> answers = burst(newAddress(), authorizations);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(answers.stream().allMatch(a -> a.startsWith("HTTP/1.1 401")), answers.toString());
        assertTrue(took.compareTo(DELAY.multipliedBy(connections / 4)) < 0, connections + " refusals took " + took);
        call(newAddress(), "Bearer " + key).then().statusCode(200);
    }

    /**
     * Sends each request on a connection of its own, all written before any answer is read (so the
     * failures arrive within a fraction of a second whatever the delay), and returns each
     * connection's whole answer, in the order of {@code authorizations} (null: no header).
     */
    private static List<String> burst(String address, List<String> authorizations) throws Exception {
        URI base = URI.create(RestAssured.baseURI);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (String authorization : authorizations) {
                Socket socket = new Socket(base.getHost(), RestAssured.port);
                socket.setSoTimeout((int) Waits.TIMEOUT.toMillis());
                sockets.add(socket);
                String request = "GET /v1/me HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: " + address + "\r\n"
                        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                        + "Connection: close\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
            }
            List<String> answers = new ArrayList<>();
            for (Socket socket : sockets) {
                answers.add(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return answers;
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static Response call(String address, String authorization) {
        var request = given().header("X-Forwarded-For", address);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.get("/v1/me");
    }

    private double lookups() {
        return registry.counter("aval.auth.key.lookups").count();
    }

    private static String newAddress() {
        int n = ADDRESSES.getAndIncrement();
        return "198.18." + (n / 250) + "." + (n % 250 + 1);
    }

    private static String wellShaped() {
        byte[] secret = new byte[ApiKeyHash.SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return ApiKeyHash.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
