package dev.aval.platform;

import static dev.aval.support.Api.ADMIN_KEY;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newDistributor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import dev.aval.support.Waits;
import io.micrometer.core.instrument.MeterRegistry;
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
        for (String token : List.of("not-a-key", "avk_nope", wellShaped().substring(0, 46), wellShaped() + "A",
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
        String noisy = newAddress();
        for (int attempt = 0; attempt < 3; attempt++) {
            int refused = failUntilLimited(noisy);
            assertTrue(refused >= LIMIT, "429 after only " + refused + " failures");
            // still inside the same second (else try again): a fresh unknown key costs nothing now
            double before = lookups();
            Response limited = call(noisy, "Bearer " + wellShaped());
            if (limited.statusCode() != 429) {
                continue; // the second turned meanwhile
            }
            limited.then().body("code", equalTo("RATE_LIMITED")).header("Retry-After", equalTo("1"))
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
     * Fails authentication from the address, from 8 threads at once so that the limit is reached
     * well inside one second, until it answers 429; returns how many 401s came first.
     */
    private static int failUntilLimited(String address) throws Exception {
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean limited = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                threads.add(pool.submit(() -> {
                    for (int i = 0; !limited.get() && refused.get() < 10 * LIMIT; i++) {
                        int status = call(address, (i + thread) % 2 == 0 ? "Bearer avk_nope" : null).statusCode();
                        if (status == 429) {
                            limited.set(true);
                        } else {
                            assertEquals(401, status);
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : threads) {
                f.get(Waits.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(limited.get(), "no 429 after " + refused + " failed authentications");
        return refused.get();
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
