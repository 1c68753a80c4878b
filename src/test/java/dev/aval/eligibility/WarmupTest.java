package dev.aval.eligibility;

import static dev.aval.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

import dev.aval.customer.CustomerStatus;
import dev.aval.events.Feed;
import dev.aval.platform.Document;
import dev.aval.platform.WarmupKey;
import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import dev.aval.support.Waits;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.RestAssured;

/** The warm-up before readiness calls the real hot path, is not counted as checkout, and its key dies with it. */
@AvalTest
class WarmupTest {

    @Inject
    @Readiness
    Warmup warmup;

    @Inject
    WarmupKey key;

    @Inject
    MeterRegistry registry;

    @Inject
    EligibilityCache cache;

    @Test
    void itCallsEligibilityAndMeOverHttpWithoutCountingCheckoutDecisions() throws Exception {
        Api.newDistributor();
        double decisionsBefore = decisions();
        long eligibilityCallsBefore = httpCalls("/v1/distributors/{distributorId}/eligibility");

        Warmup.Result result = warmup.run("127.0.0.1", RestAssured.port, Duration.ofSeconds(2))
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertTrue(result.calls() > 50, "calls: " + result.calls());
        assertEquals(0, result.failed(), "every warm-up call answered 200");
        assertTrue(
                httpCalls("/v1/distributors/{distributorId}/eligibility") - eligibilityCallsBefore > 40,
                "eligibility was called over HTTP");
        assertEquals(decisionsBefore, decisions(), "warm-up answers are not checkout decisions");
        assertNotNull(result.distributorId());
        long now = System.currentTimeMillis();
        for (long n = 0; n < Warmup.DOCUMENTS; n++) {
            String madeUp = Document.cpf(Warmup.FIRST_DOCUMENT + n);
            assertNull(cache.get(result.distributorId(), madeUp, now), "made-up documents leave the cache");
        }
    }

    @Inject
    Prefill prefill;

    @Test
    void theBulkReadPutsInTheCacheWhatAReadOfEachDocumentWouldFind() throws Exception {
        String d = Api.newDistributor();
        String approved = Api.newCpf();
        String rejected = Api.newCpf();
        String withAccount = Api.newCpf();
        String unknown = Api.newCpf();
        for (String document : List.of(approved, withAccount)) {
            status(d, document, "APV");
        }
        status(d, rejected, "RPV");
        String accountId = Api.admin()
                .body(Map.of("document", withAccount, "email", "compras@cliente.com.br", "creditLimit", "1000.00"))
                .post("/v1/distributors/" + d + "/credit-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        List<Warmup.Ask> customers = new ArrayList<>();
        for (String document : List.of(approved, rejected, withAccount, unknown)) {
            customers.add(new Warmup.Ask(d, document, null));
        }
        // more than one round trip's worth, the rest unknown to the distributor
        for (int n = 0; customers.size() < Prefill.CHUNK + 10; n++) {
            customers.add(new Warmup.Ask(d, Document.cpf(Warmup.FIRST_DOCUMENT + 500_000 + n), null));
        }
        // the changes above numbered and followed, so none of them arrives during the bulk read and
        // (rightly) keeps it out of the cache
        Feed.atLeast(Api.ADMIN_KEY, d, 4);
        long now = System.currentTimeMillis();
        assertNull(cache.get(d, approved, now), "nothing cached before");

        int read = prefill.fill(
                        customers, System.nanoTime() + Duration.ofSeconds(30).toNanos())
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertEquals(customers.size(), read, "one snapshot per document");
        // answered from only while trusted: a beat late on a loaded machine is not the subject here
        Awaitility.await().atMost(Waits.TIMEOUT).until(cache::trusted);
        now = System.currentTimeMillis();
        assertEquals(CustomerStatus.APV, cache.get(d, approved, now).snapshot().status());
        assertEquals(CustomerStatus.RPV, cache.get(d, rejected, now).snapshot().status());
        assertNull(cache.get(d, unknown, now).snapshot().status(), "a document never integrated is known as such");
        Reading account = cache.get(d, withAccount, now);
        assertEquals(List.of(java.util.UUID.fromString(accountId)), account.accounts());
        assertEquals(
                0,
                new BigDecimal("1000.00").compareTo(account.snapshot().credit().availableCredit()));
        assertNotNull(cache.get(d, customers.get(customers.size() - 1).document(), now), "the last chunk too");

        // kept exact like any other snapshot: a change drops it
        status(d, approved, "RPV");
        Awaitility.await()
                .atMost(Waits.TIMEOUT)
                .until(() -> cache.get(d, approved, System.currentTimeMillis()) == null);
    }

    private static void status(String d, String document, String status) {
        Api.admin()
                .body(Map.of("status", status))
                .put("/v1/distributors/" + d + "/customers/" + document + "/status")
                .then()
                .statusCode(200);
    }

    @Test
    void itsKeySpeaksForOneDistributorAsCheckoutAndOnlyUntilRevoked() {
        String mine = Api.newDistributor();
        String other = Api.newDistributor();
        String token = key.issue(mine);
        Map<String, Object> body = Map.of("document", "52998224725", "cartTotal", 10);

        as(token)
                .body(body)
                .post("/v1/distributors/" + mine + "/eligibility")
                .then()
                .statusCode(200);
        as(token)
                .body(body)
                .post("/v1/distributors/" + other + "/eligibility")
                .then()
                .statusCode(403);
        as(token).get("/v1/distributors/" + mine + "/api-keys").then().statusCode(403);
        as(token).get("/v1/me").then().statusCode(200).body("role", equalTo("CHECKOUT"));

        key.revoke();
        as(token).get("/v1/me").then().statusCode(401);
    }

    @Test
    void readinessNamesTheWarmUpAndIsUpWhenItIsOff() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", hasItem(Warmup.CHECK))
                .body("checks.find { it.name == '" + Warmup.CHECK + "' }.data.state", equalTo("disabled"));
    }

    private double decisions() {
        return registry.find("aval.eligibility.decisions").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private long httpCalls(String uri) {
        return registry.find("http.server.requests").tag("uri", uri).timers().stream()
                .mapToLong(t -> t.count())
                .sum();
    }
}
