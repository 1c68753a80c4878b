package dev.aval.credit;

import static dev.aval.support.Api.as;
import static dev.aval.support.Waits.TIMEOUT;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.support.AccountLock;
import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import dev.aval.support.MovableClock;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@AvalTest
class HoldResourceTest {

    @Inject
    MovableClock clock;

    private static BigDecimal dec(JsonPath json, String path) {
        return new BigDecimal(json.getString(path));
    }

    private static void assertMoney(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + " but was " + actual);
    }

    @Test
    void holdWithinToleranceIsGrantedAndReserves() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", "0.1000");
        f.hold(id, "1100.00")
                .then()
                .statusCode(201)
                .header("Location", startsWith(f.account(id) + "/holds/"))
                .body("status", equalTo("ACTIVE"))
                .body("amount", equalTo(1100.00f))
                .body("capturedAmount", nullValue())
                .body("accountId", equalTo(id));
        JsonPath account = f.get(id);
        assertMoney("1100.00", dec(account, "reserved"));
        assertMoney("-100.00", dec(account, "availableCredit"));
        assertMoney("0.00", dec(account, "availableCreditWithTolerance"));
    }

    @Test
    void holdBeyondToleranceIsRefused() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", "0.1000");
        f.placeHold(id, "1000.00");
        f.hold(id, "100.01")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("CREDIT_INSUFFICIENT"))
                .body("detail", equalTo("credit insufficient: asked 100.01, available 100.00"));
        f.hold(id, "100.00").then().statusCode(201);
    }

    @Test
    void holdNeedsAnApprovedCustomer() {
        Fixture f = Fixture.create();
        String unknown = f.open(Api.newCpf(), "1000.00", null);
        f.hold(unknown, "10.00").then().statusCode(422).body("code", equalTo("CUSTOMER_NOT_APPROVED"));
        String document = Api.newCpf();
        f.status(document, "RPV");
        String rejected = f.open(document, "1000.00", null);
        f.hold(rejected, "10.00").then().statusCode(422).body("code", equalTo("CUSTOMER_NOT_APPROVED"));
        f.status(document, "APV");
        f.hold(rejected, "10.00").then().statusCode(201);
    }

    @Test
    void holdOnAClosedAccountIsAConflict() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        as(f.integration).post(f.account(id) + "/close").then().statusCode(200);
        f.hold(id, "10.00").then().statusCode(409).body("code", equalTo("CREDIT_ACCOUNT_CLOSED"));
    }

    @Test
    void badHoldRequestsAreRefusedNamingTheField() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String path = f.account(id) + "/holds";
        f.idempotent("k1")
                .body(Map.of("amount", "10.001", "orderId", "o"))
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("amount"));
        f.idempotent("k2")
                .body(Map.of("amount", "0.00", "orderId", "o"))
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("amount"));
        f.idempotent("k3")
                .body(Map.of("amount", "10.00"))
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("orderId"));
        f.idempotent("k4")
                .body(Map.of(
                        "amount",
                        "10.00",
                        "orderId",
                        "o",
                        "expiresAt",
                        Instant.now().minusSeconds(5).toString()))
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("expiresAt"));
        f.idempotent("k5")
                .body(Map.of(
                        "amount",
                        "10.00",
                        "orderId",
                        "o",
                        "expiresAt",
                        Instant.now().plus(31, ChronoUnit.DAYS).toString()))
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("expiresAt"));
        f.idempotent("k6")
                .body(Map.of("amount", "10.00", "orderId", "o", "expiresAt", "tomorrow"))
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("expiresAt"));
        as(f.checkout)
                .body(Map.of("amount", "10.00", "orderId", "o"))
                .post(path)
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("Idempotency-Key"));
        as(f.readOnly).get(path).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void defaultExpiryIsSevenDays() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        Instant expiresAt = Instant.parse(
                f.hold(id, "1.00").then().statusCode(201).extract().path("expiresAt"));
        long hours = ChronoUnit.HOURS.between(Instant.now(), expiresAt);
        assertTrue(hours >= 167 && hours <= 168, "expires in " + hours + " h");
    }

    @Test
    void partialCaptureSplitsInstallmentsInCentsAndReleasesTheRest() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String holdId = f.placeHold(id, "150.00");
        JsonPath capture = f.capture(id, holdId, Map.of("amount", "100.00", "installments", 3, "firstDueInDays", 10));
        assertEquals("CAPTURED", capture.getString("hold.status"));
        assertMoney("100.00", dec(capture, "hold.capturedAmount"));
        assertEquals(List.of(1, 2, 3), capture.getList("invoices.installment"));
        assertMoney("33.33", dec(capture, "invoices[0].amount"));
        assertMoney("33.33", dec(capture, "invoices[1].amount"));
        assertMoney("33.34", dec(capture, "invoices[2].amount"));
        LocalDate today = LocalDate.now(ZoneId.of("America/Sao_Paulo"));
        assertEquals(today.plusDays(10).toString(), capture.getString("invoices[0].dueDate"));
        assertEquals(today.plusDays(40).toString(), capture.getString("invoices[1].dueDate"));
        assertEquals(today.plusDays(70).toString(), capture.getString("invoices[2].dueDate"));
        assertEquals(List.of(false, false, false), capture.getList("invoices.overdue"));
        assertEquals(List.of(3, 3, 3), capture.getList("invoices.installments"));
        JsonPath account = f.get(id);
        assertMoney("100.00", dec(account, "outstanding"));
        assertMoney("0.00", dec(account, "reserved"));
        assertMoney("900.00", dec(account, "availableCredit"));
        as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .statusCode(200)
                .body("items.type", contains("OPENED", "HOLD_PLACED", "HOLD_CAPTURED", "HOLD_RELEASED"))
                .body("items[2].amount", equalTo(100.00f))
                .body("items[2].outstandingAfter", equalTo(100.00f))
                .body("items[2].reservedAfter", equalTo(50.00f))
                .body("items[3].amount", equalTo(-50.00f))
                .body("items[3].reservedAfter", equalTo(0f));
    }

    @Test
    void captureRules() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String holdId = f.placeHold(id, "100.00");
        String path = f.account(id) + "/holds/" + holdId + "/capture";
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("amount", "100.01"))
                .post(path)
                .then()
                .statusCode(422)
                .body("code", equalTo("CAPTURE_EXCEEDS_HOLD"));
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("installments", 13))
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("installments"));
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("installments", 0))
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("installments"));
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("firstDueInDays", 366))
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("firstDueInDays"));
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("amount", "0.02", "installments", 3))
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("amount"));
        // a misspelt field is refused, never read as "amount omitted" (the whole hold)
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("ammount", "10.00"))
                .post(path)
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("ammount"));
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("amount", "1.00", "orderId", "o", "note", "x"))
                .post(f.account(id) + "/holds")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("note"));
        as(f.checkout)
                .body(Map.of())
                .post(path)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("Idempotency-Key"));
        // the whole hold by default, one installment due in 30 days
        JsonPath capture = f.capture(id, holdId, Map.of());
        assertEquals(1, capture.getList("invoices").size());
        assertMoney("100.00", dec(capture, "invoices[0].amount"));
        assertEquals(
                LocalDate.now(ZoneId.of("America/Sao_Paulo")).plusDays(30).toString(),
                capture.getString("invoices[0].dueDate"));
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of())
                .post(path)
                .then()
                .statusCode(409)
                .body("code", equalTo("HOLD_NOT_ACTIVE"));
        as(f.checkout)
                .post(f.account(id) + "/holds/" + holdId + "/release")
                .then()
                .statusCode(409)
                .body("code", equalTo("HOLD_NOT_ACTIVE"));
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of())
                .post(f.account(id) + "/holds/" + UUID.randomUUID() + "/capture")
                .then()
                .statusCode(404)
                .body("code", equalTo("HOLD_NOT_FOUND"));
    }

    @Test
    void releaseIsIdempotentAndFreesTheCredit() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("100.00", null);
        String holdId = f.placeHold(id, "100.00");
        f.hold(id, "0.01").then().statusCode(422);
        as(f.checkout)
                .post(f.account(id) + "/holds/" + holdId + "/release")
                .then()
                .statusCode(200)
                .body("status", equalTo("RELEASED"));
        as(f.checkout)
                .post(f.account(id) + "/holds/" + holdId + "/release")
                .then()
                .statusCode(200)
                .body("status", equalTo("RELEASED"));
        assertMoney("0.00", dec(f.get(id), "reserved"));
        f.hold(id, "100.00").then().statusCode(201);
        as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .body("items.type", contains("OPENED", "HOLD_PLACED", "HOLD_RELEASED", "HOLD_PLACED"));
        as(f.readOnly)
                .queryParam("status", "RELEASED")
                .get(f.account(id) + "/holds")
                .then()
                .statusCode(200)
                .body("items.id", contains(holdId));
        as(f.readOnly)
                .get(f.account(id) + "/holds/" + holdId)
                .then()
                .statusCode(200)
                .body("status", equalTo("RELEASED"));
        as(f.readOnly)
                .queryParam("status", "NOPE")
                .get(f.account(id) + "/holds")
                .then()
                .statusCode(400);
    }

    @Test
    void anExpiredHoldStopsCountingAtOnceAndTheSweeperRecordsIt() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("100.00", null);
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        String holdId =
                f.hold(id, "100.00", expiresAt).then().statusCode(201).extract().path("id");
        f.hold(id, "1.00").then().statusCode(422);
        try {
            clock.advance(Duration.between(clock.instant(), expiresAt)); // exactly expiresAt (or just after)
            // counts as expired from expiresAt, sweeper or not
            assertMoney("0.00", dec(f.get(id), "reserved"));
            as(f.readOnly).get(f.account(id) + "/holds/" + holdId).then().body("status", equalTo("EXPIRED"));
            f.idempotent(UUID.randomUUID().toString())
                    .body(Map.of())
                    .post(f.account(id) + "/holds/" + holdId + "/capture")
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("HOLD_NOT_ACTIVE"));
            as(f.checkout)
                    .post(f.account(id) + "/holds/" + holdId + "/release")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("EXPIRED"));
        } finally {
            clock.reset();
        }
        // the statement has exactly one expiry entry, dated at expiresAt
        JsonPath statement = as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .extract()
                .jsonPath();
        assertEquals(List.of("OPENED", "HOLD_PLACED", "HOLD_EXPIRED"), statement.getList("items.type"));
        assertEquals(expiresAt, Instant.parse(statement.getString("items[2].occurredAt")));
        assertMoney("-100.00", dec(statement, "items[2].amount"));
        assertMoney("0.00", dec(statement, "items[2].reservedAfter"));
        assertEquals("system", statement.getString("items[2].actor"));
        assertEquals(
                as(f.checkout).get("/v1/me").then().extract().path("keyId"), statement.getString("items[1].actor"));
        as(f.integration).post(f.account(id) + "/close").then().statusCode(200);
    }

    @Test
    void aReleaseThatFindsItsHoldExpiredStoresTheAccountsEarlierExpiriesFirst() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        Instant start = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String first = f.hold(id, "100.00", start.plus(Duration.ofHours(1)))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String second = f.hold(id, "200.00", start.plus(Duration.ofHours(2)))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        try {
            clock.advance(Duration.ofHours(3));
            // the later expiry is the one asked about; the earlier one is stored with it, before it
            as(f.checkout)
                    .post(f.account(id) + "/holds/" + second + "/release")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("EXPIRED"));
        } finally {
            clock.reset();
        }
        as(f.readOnly).get(f.account(id) + "/holds/" + first).then().body("status", equalTo("EXPIRED"));
        JsonPath statement = as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .extract()
                .jsonPath();
        assertEquals(
                List.of("OPENED", "HOLD_PLACED", "HOLD_PLACED", "HOLD_EXPIRED", "HOLD_EXPIRED"),
                statement.getList("items.type"));
        assertEquals("hold:" + first, statement.getString("items[3].reference"));
        assertMoney("200.00", dec(statement, "items[3].reservedAfter"));
        assertEquals("hold:" + second, statement.getString("items[4].reference"));
        assertMoney("0.00", dec(statement, "items[4].reservedAfter"));
    }

    @Test
    void theSweeperStoresExpirationsWithoutAnyRequest() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("100.00", null);
        String holdId = f.hold(id, "40.00", clock.instant().plus(Duration.ofHours(1)))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        List<String> types;
        try {
            clock.advance(Duration.ofHours(1).plusSeconds(1));
            types = Awaitility.await("the sweeper recording the expiry")
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> as(f.readOnly)
                                    .get(f.account(id) + "/statement")
                                    .then()
                                    .extract()
                                    .jsonPath()
                                    .<String>getList("items.type"),
                            t -> t.contains("HOLD_EXPIRED"));
        } finally {
            clock.reset();
        }
        assertEquals(List.of("OPENED", "HOLD_PLACED", "HOLD_EXPIRED"), types);
        as(f.readOnly)
                .queryParam("status", "EXPIRED")
                .get(f.account(id) + "/holds")
                .then()
                .body("items.id", contains(holdId));
        as(f.readOnly)
                .queryParam("status", "ACTIVE")
                .get(f.account(id) + "/holds")
                .then()
                .body("items", hasSize(0));
    }

    @Test
    void closingIsRefusedWhileHoldsAreActive() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("100.00", null);
        String holdId = f.placeHold(id, "10.00");
        as(f.integration)
                .post(f.account(id) + "/close")
                .then()
                .statusCode(409)
                .body("code", equalTo("CREDIT_ACCOUNT_HAS_ACTIVE_HOLDS"));
        as(f.checkout)
                .post(f.account(id) + "/holds/" + holdId + "/release")
                .then()
                .statusCode(200);
        as(f.integration).post(f.account(id) + "/close").then().statusCode(200).body("status", equalTo("CLOSED"));
    }

    @Test
    void aHoldCapturedWholeByNonFinalCapturesStillKeepsTheAccountOpen() {
        // it reserves nothing, but it is ACTIVE until a final capture, a release or its expiry
        Fixture f = Fixture.create();
        String id = f.approvedAccount("100.00", null);
        String holdId = f.placeHold(id, "10.00");
        f.capture(id, holdId, Map.of("amount", "10.00", "final", false));
        as(f.integration)
                .post(f.account(id) + "/close")
                .then()
                .statusCode(409)
                .body("code", equalTo("CREDIT_ACCOUNT_HAS_ACTIVE_HOLDS"));
        as(f.checkout)
                .post(f.account(id) + "/holds/" + holdId + "/release")
                .then()
                .statusCode(200)
                .body("status", equalTo("CAPTURED"));
        as(f.integration).post(f.account(id) + "/close").then().statusCode(200).body("status", equalTo("CLOSED"));
    }

    @Test
    void rolesAndTenancyOfHolds() {
        Fixture f = Fixture.create();
        Fixture other = Fixture.create();
        String id = f.approvedAccount("100.00", null);
        f.idempotent("x")
                .body(Map.of("amount", "1.00", "orderId", "o"))
                .post(f.account(id) + "/holds")
                .then()
                .statusCode(201);
        as(f.integration)
                .header("Idempotency-Key", "y")
                .body(Map.of("amount", "1.00", "orderId", "o2"))
                .post(f.account(id) + "/holds")
                .then()
                .statusCode(201);
        as(f.readOnly)
                .header("Idempotency-Key", "z")
                .body(Map.of("amount", "1.00", "orderId", "o"))
                .post(f.account(id) + "/holds")
                .then()
                .statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        as(other.checkout)
                .header("Idempotency-Key", "w")
                .body(Map.of("amount", "1.00", "orderId", "o"))
                .post(f.account(id) + "/holds")
                .then()
                .statusCode(403);
        // another distributor's account through one's own path: not found
        other.idempotent("v")
                .body(Map.of("amount", "1.00", "orderId", "o"))
                .post(other.account(id) + "/holds")
                .then()
                .statusCode(404)
                .body("code", equalTo("CREDIT_ACCOUNT_NOT_FOUND"));
        as(other.readOnly).get(other.account(id) + "/holds").then().statusCode(404);
    }

    /** The invariant under contention: exactly the affordable number of holds succeed, the rest are refused. */
    @Test
    void concurrentHoldsNeverExceedTheLimitWithTolerance() throws Exception {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", "0.1000");
        int requests = 60;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                Callable<Integer> call = () -> {
                    start.await();
                    return f.hold(id, "50.00").then().extract().statusCode();
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            Map<Integer, Integer> byStatus = new HashMap<>();
            for (Future<Integer> r : results) {
                byStatus.merge(r.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS), 1, Integer::sum);
            }
            // 1100.00 / 50.00 = 22 affordable holds
            assertEquals(Map.of(201, 22, 422, 38), byStatus);
        } finally {
            pool.shutdownNow();
        }
        JsonPath account = f.get(id);
        assertMoney("1100.00", dec(account, "reserved"));
        assertMoney("0.00", dec(account, "availableCreditWithTolerance"));
        as(f.readOnly)
                .queryParam("limit", 500)
                .get(f.account(id) + "/holds")
                .then()
                .body("items", hasSize(22));
        // the statement lists the contended holds in the order they were granted
        JsonPath statement = as(f.readOnly)
                .queryParam("limit", 500)
                .get(f.account(id) + "/statement")
                .then()
                .extract()
                .jsonPath();
        assertEquals(23, statement.getList("items").size());
        for (int i = 1; i <= 22; i++) {
            assertEquals("HOLD_PLACED", statement.getString("items[" + i + "].type"));
            assertMoney(
                    new BigDecimal("50.00").multiply(BigDecimal.valueOf(i)).toPlainString(),
                    dec(statement, "items[" + i + "].reservedAfter"));
        }
    }

    /**
     * The invariant under mixed contention on one account: places, adjusts up and down, partial and
     * final captures, releases, invoice payments and credit notes, all at once. Whatever wins,
     * outstanding + reserved never exceeds creditLimit × (1 + tolerance), and the statement replays
     * to the account's balances.
     */
    @Test
    void mixedConcurrentMovesKeepTheInvariantAndTheStatement() throws Exception {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", "0.1000");
        List<String> invoices = f.capture(id, f.placeHold(id, "200.00"), Map.of("installments", 4))
                .getList("invoices.id");
        List<String> seeds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seeds.add(f.placeHold(id, "100.00"));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int n = i;
                String seed = seeds.get(i % seeds.size());
                String invoice = f.account(id) + "/invoices/" + invoices.get(i % invoices.size());
                Callable<Integer> call = () -> {
                    start.await();
                    return switch (n % 8) {
                        case 6 ->
                            as(f.integration)
                                    .header("Idempotency-Key", UUID.randomUUID().toString())
                                    .body(Map.of("amount", "15.00"))
                                    .post(invoice + "/payments")
                                    .then()
                                    .extract()
                                    .statusCode();
                        case 7 ->
                            as(f.integration)
                                    .header("Idempotency-Key", UUID.randomUUID().toString())
                                    .body(Map.of("amount", "10.00"))
                                    .post(invoice + "/credit-notes")
                                    .then()
                                    .extract()
                                    .statusCode();
                        case 0 -> f.hold(id, "75.00").then().extract().statusCode();
                        case 1 ->
                            f.idempotent(UUID.randomUUID().toString())
                                    .body(Map.of("amount", "160.00"))
                                    .patch(f.account(id) + "/holds/" + seed)
                                    .then()
                                    .extract()
                                    .statusCode();
                        case 2 ->
                            f.idempotent(UUID.randomUUID().toString())
                                    .body(Map.of("amount", "60.00"))
                                    .patch(f.account(id) + "/holds/" + seed)
                                    .then()
                                    .extract()
                                    .statusCode();
                        case 3 ->
                            f.idempotent(UUID.randomUUID().toString())
                                    .body(Map.of("amount", "20.00", "final", false))
                                    .post(f.account(id) + "/holds/" + seed + "/capture")
                                    .then()
                                    .extract()
                                    .statusCode();
                        case 4 ->
                            as(f.checkout)
                                    .post(f.account(id) + "/holds/" + seed + "/release")
                                    .then()
                                    .extract()
                                    .statusCode();
                        default ->
                            f.idempotent(UUID.randomUUID().toString())
                                    .body(Map.of("amount", "10.00"))
                                    .post(f.account(id) + "/holds/" + seed + "/capture")
                                    .then()
                                    .extract()
                                    .statusCode();
                    };
                };
                results.add(threads.submit(call));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                int status = r.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertTrue(status == 200 || status == 201 || status == 409 || status == 422, "status " + status);
            }
        } finally {
            threads.shutdownNow();
        }
        JsonPath account = f.get(id);
        BigDecimal used = dec(account, "outstanding").add(dec(account, "reserved"));
        assertTrue(used.compareTo(new BigDecimal("1100.00")) <= 0, "outstanding + reserved = " + used);
        assertStatementReplays(f, id);
        // outstanding is what the OPEN invoices still owe: amount - paid - credited
        JsonPath all = as(f.readOnly)
                .queryParam("limit", 500)
                .queryParam("status", "OPEN")
                .get(f.account(id) + "/invoices")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        BigDecimal owed = BigDecimal.ZERO;
        for (int i = 0; i < all.getList("items").size(); i++) {
            owed = owed.add(dec(all, "items[" + i + "].amount"))
                    .subtract(dec(all, "items[" + i + "].paidAmount"))
                    .subtract(dec(all, "items[" + i + "].creditedAmount"));
        }
        assertMoney(owed.toPlainString(), dec(account, "outstanding"));
    }

    /**
     * Sums the statement by type (HOLD_ADJUSTED on reserved, INVOICE_CREDITED on outstanding) and checks
     * every balance-after and the account's.
     */
    private static void assertStatementReplays(Fixture f, String id) {
        JsonPath account = f.get(id);
        JsonPath statement = as(f.readOnly)
                .queryParam("limit", 500)
                .get(f.account(id) + "/statement")
                .then()
                .extract()
                .jsonPath();
        BigDecimal outstanding = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
        List<Map<String, Object>> items = statement.getList("items");
        for (int i = 0; i < items.size(); i++) {
            BigDecimal amount = dec(statement, "items[" + i + "].amount");
            switch (statement.getString("items[" + i + "].type")) {
                case "HOLD_PLACED", "HOLD_ADJUSTED", "HOLD_RELEASED", "HOLD_EXPIRED" -> reserved = reserved.add(amount);
                case "HOLD_CAPTURED" -> {
                    outstanding = outstanding.add(amount);
                    reserved = reserved.subtract(amount);
                }
                case "INVOICE_PAID", "INVOICE_CREDITED", "INVOICE_CANCELLED" -> outstanding = outstanding.add(amount);
                default -> {}
            }
            assertMoney(outstanding.toPlainString(), dec(statement, "items[" + i + "].outstandingAfter"));
            assertMoney(reserved.toPlainString(), dec(statement, "items[" + i + "].reservedAfter"));
        }
        assertMoney(outstanding.toPlainString(), dec(account, "outstanding"));
        assertMoney(reserved.toPlainString(), dec(account, "reserved"));
    }

    /** Replaying the statement by its documented amount semantics gives the account's balances back. */
    @Test
    void replayingTheStatementGivesTheBalancesBack() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", "0.0500");
        String a = f.placeHold(id, "300.00");
        String b = f.placeHold(id, "200.00");
        f.placeHold(id, "120.00");
        JsonPath captured = f.capture(id, a, Map.of("amount", "250.00", "installments", 2));
        as(f.checkout).post(f.account(id) + "/holds/" + b + "/release").then().statusCode(200);
        as(f.integration)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", "100.00"))
                .post(f.account(id) + "/invoices/" + captured.getString("invoices[0].id") + "/payments")
                .then()
                .statusCode(200);
        as(f.integration)
                .post(f.account(id) + "/invoices/" + captured.getString("invoices[1].id") + "/cancel")
                .then()
                .statusCode(200);
        as(f.integration)
                .body(Map.of("creditLimit", "800.00", "tolerance", 0.2))
                .patch(f.account(id))
                .then()
                .statusCode(200);

        JsonPath account = f.get(id);
        JsonPath statement = as(f.readOnly)
                .queryParam("limit", 500)
                .get(f.account(id) + "/statement")
                .then()
                .extract()
                .jsonPath();
        BigDecimal limit = BigDecimal.ZERO;
        BigDecimal outstanding = BigDecimal.ZERO;
        BigDecimal reserved = BigDecimal.ZERO;
        List<Map<String, Object>> items = statement.getList("items");
        for (int i = 0; i < items.size(); i++) {
            String type = statement.getString("items[" + i + "].type");
            BigDecimal amount = dec(statement, "items[" + i + "].amount");
            switch (type) {
                case "OPENED", "LIMIT_CHANGED" -> limit = limit.add(amount);
                case "HOLD_PLACED", "HOLD_RELEASED", "HOLD_EXPIRED" -> reserved = reserved.add(amount);
                case "HOLD_CAPTURED" -> {
                    outstanding = outstanding.add(amount);
                    reserved = reserved.subtract(amount);
                }
                case "INVOICE_PAID", "INVOICE_CREDITED", "INVOICE_CANCELLED" -> outstanding = outstanding.add(amount);
                default -> {}
            }
            // every entry's balances-after agree with the running sums
            assertMoney(outstanding.toPlainString(), dec(statement, "items[" + i + "].outstandingAfter"));
            assertMoney(reserved.toPlainString(), dec(statement, "items[" + i + "].reservedAfter"));
        }
        assertMoney(limit.toPlainString(), dec(account, "creditLimit"));
        assertMoney(outstanding.toPlainString(), dec(account, "outstanding"));
        assertMoney(reserved.toPlainString(), dec(account, "reserved"));
        assertMoney("25.00", dec(account, "outstanding"));
        assertMoney("120.00", dec(account, "reserved"));
        assertMoney(outstanding.toPlainString(), dec(statement, "totals.outstandingChange"));
        assertMoney(reserved.toPlainString(), dec(statement, "totals.reservedChange"));
        assertMoney("800.00", dec(statement, "totals.creditLimitChange"));
    }

    @Inject
    Pool pool;

    @Test
    void aHoldExpiringWhileARequestWaitsForTheAccountIsExpiredForIt() throws Exception {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("100.00", null);
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1));
        String holdId =
                f.hold(id, "100.00", expiresAt).then().statusCode(201).extract().path("id");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (AccountLock lock = AccountLock.hold(pool, id)) {
            // both wait for the account while the hold's expiresAt passes
            Future<io.restassured.response.Response> capture =
                    threads.submit(() -> f.idempotent(UUID.randomUUID().toString())
                            .body(Map.of())
                            .post(f.account(id) + "/holds/" + holdId + "/capture"));
            Future<io.restassured.response.Response> another = threads.submit(() -> f.hold(id, "60.00"));
            awaitExpiryWhileWaiting(lock, expiresAt, 1);
            lock.release();
            capture.get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("HOLD_NOT_ACTIVE"));
            another.get(30, java.util.concurrent.TimeUnit.SECONDS).then().statusCode(201);
        } finally {
            threads.shutdownNow();
            clock.reset();
        }
    }

    /**
     * Until {@code waiting} requests wait in PostgreSQL for the account's row lock; then the clock
     * moves past the hold's {@code expiresAt} (the service reads it once it holds the lock).
     */
    private void awaitExpiryWhileWaiting(AccountLock lock, Instant expiresAt, int waiting) {
        Awaitility.await("requests waiting for the account")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> lock.waiters() >= waiting);
        clock.advance(Duration.between(clock.instant(), expiresAt).plusSeconds(1));
    }

    @Test
    void aCloseWaitingForTheAccountWhileItsLastHoldExpiresCloses() throws Exception {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("100.00", null);
        Instant expiresAt = clock.instant().plus(Duration.ofHours(1));
        f.hold(id, "100.00", expiresAt).then().statusCode(201);
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (AccountLock lock = AccountLock.hold(pool, id)) {
            Future<io.restassured.response.Response> close = threads.submit(
                    () -> as(f.integration).body(Map.of("reason", "done")).post(f.account(id) + "/close"));
            awaitExpiryWhileWaiting(lock, expiresAt, 1);
            lock.release();
            close.get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("CLOSED"));
        } finally {
            threads.shutdownNow();
            clock.reset();
        }
    }

    @Test
    void entriesFollowThePreviousEntryEvenWhenItIsDatedAheadOfThisClock() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        // an entry written by an instance whose clock runs a minute ahead of this one
        Instant ahead = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.MICROS);
        pool.preparedQuery("""
                insert into credit_statement_entry (id, account_id, type, amount, outstanding_after, reserved_after,
                                                    reference, reason, actor, occurred_at)
                values ($1, $2, 'LIMIT_CHANGED', 0, 0, 0, null, 'skewed clock', 'test', $3)
                """)
                .execute(Tuple.of(UUID.randomUUID(), UUID.fromString(id), ahead.atOffset(java.time.ZoneOffset.UTC)))
                .await()
                .atMost(TIMEOUT);
        String holdId = f.placeHold(id, "100.00");
        f.capture(id, holdId, Map.of("amount", "40.00"));
        JsonPath statement = as(f.integration)
                .get(f.account(id) + "/statement")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                List.of("OPENED", "LIMIT_CHANGED", "HOLD_PLACED", "HOLD_CAPTURED", "HOLD_RELEASED"),
                statement.getList("items.type"));
        List<String> at = statement.getList("items.occurredAt");
        for (int i = 2; i < at.size(); i++) {
            assertTrue(Instant.parse(at.get(i)).isAfter(Instant.parse(at.get(i - 1))), at.toString());
        }
    }
}
