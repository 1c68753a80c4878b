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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
            int refused = failUntilLimited(noisy);
            assertTrue(refused >= LIMIT, "429 after only " + refused + " failures");
            // still inside the same second (else try again): a fresh unknown key costs nothing now
            double before = lookups();
            Response limited = call(noisy, "Bearer " + wellShaped());
            if (limited.statusCode() != 429) {
                continue; // the second turned meanwhile
            }
            limited.then()
                    .body("code", equalTo("RATE_LIMITED"))
                    .header("Retry-After", equalTo("1"))
                    .contentType("application/problem+json");
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
     * Fails authentication from the address until it answers 429, sending the requests pipelined on
     * one connection so that the limit is reached well inside one second however slow this machine
     * is; returns how many 401s came before the first 429.
     */
    private static int failUntilLimited(String address) throws Exception {
        int requests = 2 * LIMIT + 20;
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            pipeline.append("GET /v1/me HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: ")
                    .append(address)
                    .append("\r\n")
                    .append(i % 2 == 0 ? "Authorization: Bearer avk_nope\r\n" : "")
                    .append(i == requests - 1 ? "Connection: close\r\n" : "")
                    .append("\r\n");
        }
        String answers;
        try (Socket socket = new Socket(URI.create(RestAssured.baseURI).getHost(), RestAssured.port)) {
            socket.setSoTimeout((int) Waits.TIMEOUT.toMillis());
            socket.getOutputStream().write(pipeline.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher status = Pattern.compile("HTTP/1.1 (\\d{3})").matcher(answers);
        int refused = 0;
        while (status.find()) {
            if (status.group(1).equals("429")) {
                return refused;
            }
            assertEquals("401", status.group(1));
            refused++;
        }
        throw new AssertionError("no 429 after " + refused + " failed authentications");
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
