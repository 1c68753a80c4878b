package dev.aval.credit;

import static dev.aval.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import dev.aval.support.MovableClock;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** Adjust, partial captures, one hold per order and the distributor-wide look-up (issue 11 items 1–2). */
@AvalTest
class HoldLifecycleTest {

    @Inject
    MovableClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private static BigDecimal dec(JsonPath json, String path) {
        return new BigDecimal(json.getString(path));
    }

    private static void assertMoney(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + " but was " + actual);
    }

    private static Response place(Fixture f, String accountId, String amount, String orderId) {
        return f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("amount", amount, "orderId", orderId))
                .post(f.account(accountId) + "/holds");
    }

    private static Response adjust(Fixture f, String accountId, String holdId, Map<String, Object> body) {
        return f.idempotent(UUID.randomUUID().toString()).body(body).patch(f.account(accountId) + "/holds/" + holdId);
    }

    private static Response capture(Fixture f, String accountId, String holdId, Map<String, Object> body) {
        return f.idempotent(UUID.randomUUID().toString())
                .body(body)
                .post(f.account(accountId) + "/holds/" + holdId + "/capture");
    }

    private static List<String> types(Fixture f, String accountId) {
        return as(f.readOnly)
                .queryParam("limit", 500)
                .get(f.account(accountId) + "/statement")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.type");
    }

    @Test
    void anIncreaseIsCheckedLikeANewHoldForTheDifference() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", "0.1000");
        String holdId = f.placeHold(id, "600.00");
        f.placeHold(id, "300.00");
        // 1100.00 ceiling − 900.00 reserved: +200.00 fits, +200.01 does not
        adjust(f, id, holdId, Map.of("amount", "800.01"))
                .then()
                .statusCode(422)
                .body("code", equalTo("CREDIT_INSUFFICIENT"));
        adjust(f, id, holdId, Map.of("amount", "800.00"))
                .then()
                .statusCode(200)
                .body("amount", equalTo(800.00f))
                .body("status", equalTo("ACTIVE"));
        assertMoney("1100.00", dec(f.get(id), "reserved"));
        adjust(f, id, holdId, Map.of("amount", "100.00")).then().statusCode(200).body("amount", equalTo(100.00f));
        assertMoney("400.00", dec(f.get(id), "reserved"));
        JsonPath statement = as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .extract()
                .jsonPath();
        assertEquals(
                List.of("OPENED", "HOLD_PLACED", "HOLD_PLACED", "HOLD_ADJUSTED", "HOLD_ADJUSTED"),
                statement.getList("items.type"));
        assertMoney("200.00", dec(statement, "items[3].amount"));
        assertMoney("1100.00", dec(statement, "items[3].reservedAfter"));
        assertMoney("-700.00", dec(statement, "items[4].amount"));
        assertMoney("400.00", dec(statement, "items[4].reservedAfter"));
        assertMoney("400.00", dec(statement, "totals.reservedChange"));
    }

    @Test
    void anIncreaseIsRefusedWhenTheCustomerLostItsApproval() {
        Fixture f = Fixture.create();
        String document = f.approvedCustomer();
        String id = f.open(document, "1000.00", null);
        String holdId = f.placeHold(id, "100.00");
        f.status(document, "PEN");
        adjust(f, id, holdId, Map.of("amount", "100.01"))
                .then()
                .statusCode(422)
                .body("code", equalTo("CUSTOMER_NOT_APPROVED"));
        // lowering is never refused for it
        adjust(f, id, holdId, Map.of("amount", "50.00")).then().statusCode(200);
    }

    @Test
    void expiresAtMovesWithinThirtyDays() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String holdId = f.placeHold(id, "100.00");
        Instant later = clock.instant().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
        adjust(f, id, holdId, Map.of("expiresAt", later.toString()))
                .then()
                .statusCode(200)
                .body("expiresAt", equalTo(later.toString()))
                .body("amount", equalTo(100.00f));
        adjust(
                        f,
                        id,
                        holdId,
                        Map.of(
                                "expiresAt",
                                clock.instant().plus(Duration.ofDays(31)).toString()))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("expiresAt"));
        adjust(
                        f,
                        id,
                        holdId,
                        Map.of("expiresAt", clock.instant().minusSeconds(1).toString()))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("expiresAt"));
        adjust(f, id, holdId, Map.of("amount", "1000000000000.00"))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("amount"));
        Map<String, Object> explicitNull = new HashMap<>();
        explicitNull.put("amount", null);
        adjust(f, id, holdId, explicitNull).then().statusCode(400).body("errors[0].field", equalTo("amount"));
        adjust(f, id, holdId, Map.of("ammount", "1.00")).then().statusCode(400);
        as(f.checkout)
                .body(Map.of("amount", "1.00"))
                .patch(f.account(id) + "/holds/" + holdId)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertEquals(List.of("OPENED", "HOLD_PLACED", "HOLD_ADJUSTED"), types(f, id));
    }

    @Test
    void onlyAnActiveHoldIsAdjustedAndNeverBelowWhatWasCaptured() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String holdId = f.placeHold(id, "300.00");
        capture(f, id, holdId, Map.of("amount", "100.00", "final", false))
                .then()
                .statusCode(200);
        adjust(f, id, holdId, Map.of("amount", "99.99"))
                .then()
                .statusCode(422)
                .body("code", equalTo("HOLD_BELOW_CAPTURED"));
        adjust(f, id, holdId, Map.of("amount", "100.00"))
                .then()
                .statusCode(200)
                .body("capturedAmount", equalTo(100.00f));
        assertMoney("0.00", dec(f.get(id), "reserved"));
        String released = f.placeHold(id, "10.00");
        as(f.checkout)
                .post(f.account(id) + "/holds/" + released + "/release")
                .then()
                .statusCode(200);
        adjust(f, id, released, Map.of("amount", "5.00"))
                .then()
                .statusCode(409)
                .body("code", equalTo("HOLD_NOT_ACTIVE"));
        adjust(f, id, UUID.randomUUID().toString(), Map.of("amount", "5.00"))
                .then()
                .statusCode(404)
                .body("code", equalTo("HOLD_NOT_FOUND"));
        as(f.readOnly)
                .header("Idempotency-Key", "r")
                .body(Map.of("amount", "5.00"))
                .patch(f.account(id) + "/holds/" + released)
                .then()
                .statusCode(403);
    }

    @Test
    void partialCapturesKeepTheRestReservedUntilAFinalOne() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String holdId = f.placeHold(id, "500.00");
        JsonPath first = capture(f, id, holdId, Map.of("amount", "200.00", "final", false, "installments", 2))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("ACTIVE", first.getString("hold.status"));
        assertMoney("500.00", dec(first, "hold.amount"));
        assertMoney("200.00", dec(first, "hold.capturedAmount"));
        assertEquals(2, first.getList("invoices").size());
        JsonPath account = f.get(id);
        assertMoney("300.00", dec(account, "reserved"));
        assertMoney("200.00", dec(account, "outstanding"));
        capture(f, id, holdId, Map.of("amount", "300.01"))
                .then()
                .statusCode(422)
                .body("code", equalTo("CAPTURE_EXCEEDS_HOLD"));
        JsonPath last = capture(f, id, holdId, Map.of("amount", "100.00"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("CAPTURED", last.getString("hold.status"));
        assertMoney("300.00", dec(last, "hold.capturedAmount"));
        assertEquals(1, last.getList("invoices").size());
        account = f.get(id);
        assertMoney("0.00", dec(account, "reserved"));
        assertMoney("300.00", dec(account, "outstanding"));
        assertEquals(List.of("OPENED", "HOLD_PLACED", "HOLD_CAPTURED", "HOLD_CAPTURED", "HOLD_RELEASED"), types(f, id));
        capture(f, id, holdId, Map.of()).then().statusCode(409).body("code", equalTo("HOLD_NOT_ACTIVE"));
    }

    @Test
    void aHoldCapturedWholeByPartialCapturesEndsWithAFinalOneAndNoInvoice() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String holdId = f.placeHold(id, "250.00");
        capture(f, id, holdId, Map.of("amount", "250.00", "final", false))
                .then()
                .statusCode(200)
                .body("hold.status", equalTo("ACTIVE"));
        capture(f, id, holdId, Map.of("final", false))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("amount"));
        capture(f, id, holdId, Map.of("amount", "0.01"))
                .then()
                .statusCode(422)
                .body("code", equalTo("CAPTURE_EXCEEDS_HOLD"));
        JsonPath last = capture(f, id, holdId, Map.of("installments", 3))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("CAPTURED", last.getString("hold.status"));
        assertMoney("250.00", dec(last, "hold.capturedAmount"));
        assertEquals(List.of(), last.getList("invoices"));
        JsonPath account = f.get(id);
        assertMoney("0.00", dec(account, "reserved"));
        assertMoney("250.00", dec(account, "outstanding"));
        assertEquals(List.of("OPENED", "HOLD_PLACED", "HOLD_CAPTURED"), types(f, id));
        as(f.readOnly).get(f.account(id) + "/invoices").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void aPartlyCapturedHoldReleasedOrExpiredEndsCaptured() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String released = f.placeHold(id, "100.00");
        capture(f, id, released, Map.of("amount", "40.00", "final", false))
                .then()
                .statusCode(200);
        as(f.checkout)
                .post(f.account(id) + "/holds/" + released + "/release")
                .then()
                .statusCode(200)
                .body("status", equalTo("CAPTURED"))
                .body("capturedAmount", equalTo(40.00f));
        String expiring = f.hold(id, "100.00", clock.instant().plus(Duration.ofHours(1)))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        capture(f, id, expiring, Map.of("amount", "30.00", "final", false))
                .then()
                .statusCode(200);
        assertMoney("70.00", dec(f.get(id), "reserved"));
        clock.advance(Duration.ofHours(2));
        assertMoney("0.00", dec(f.get(id), "reserved"));
        as(f.readOnly).get(f.account(id) + "/holds/" + expiring).then().body("status", equalTo("CAPTURED"));
        as(f.readOnly)
                .queryParam("status", "CAPTURED")
                .get(f.account(id) + "/holds")
                .then()
                .body("items.id", contains(released, expiring));
        as(f.readOnly)
                .queryParam("status", "EXPIRED")
                .get(f.account(id) + "/holds")
                .then()
                .body("items", hasSize(0));
        as(f.checkout)
                .post(f.account(id) + "/holds/" + expiring + "/release")
                .then()
                .statusCode(409)
                .body("code", equalTo("HOLD_NOT_ACTIVE"));
        assertMoney("70.00", dec(f.get(id), "outstanding"));
    }

    @Test
    void oneActiveOrCapturedHoldPerOrderAcrossAccounts() {
        Fixture f = Fixture.create();
        String a = f.approvedAccount("1000.00", null);
        String b = f.approvedAccount("1000.00", null);
        String first =
                place(f, a, "10.00", "PED-1").then().statusCode(201).extract().path("id");
        place(f, b, "10.00", "PED-1").then().statusCode(409).body("code", equalTo("ORDER_ALREADY_HELD"));
        // the order check comes first, before the account's own refusals
        as(f.integration).post(f.account(b) + "/close").then().statusCode(200);
        place(f, b, "10.00", "PED-1").then().statusCode(409).body("code", equalTo("ORDER_ALREADY_HELD"));
        // released: the order may be held again
        as(f.checkout)
                .post(f.account(a) + "/holds/" + first + "/release")
                .then()
                .statusCode(200);
        String second =
                place(f, a, "10.00", "PED-1").then().statusCode(201).extract().path("id");
        capture(f, a, second, Map.of()).then().statusCode(200);
        place(f, a, "10.00", "PED-1").then().statusCode(409).body("code", equalTo("ORDER_ALREADY_HELD"));
        // another distributor's order of the same id is another order
        Fixture other = Fixture.create();
        place(other, other.approvedAccount("100.00", null), "10.00", "PED-1")
                .then()
                .statusCode(201);
        // expired: may be replaced
        String c = f.approvedAccount("1000.00", null);
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of(
                        "amount",
                        "10.00",
                        "orderId",
                        "PED-2",
                        "expiresAt",
                        clock.instant().plus(Duration.ofHours(1)).toString()))
                .post(f.account(c) + "/holds")
                .then()
                .statusCode(201);
        place(f, c, "10.00", "PED-2").then().statusCode(409);
        clock.advance(Duration.ofHours(2));
        place(f, c, "10.00", "PED-2").then().statusCode(201);
    }

    @Test
    void checkoutFindsItsHoldByOrderAcrossAccountsNewestFirst() {
        Fixture f = Fixture.create();
        String a = f.approvedAccount("1000.00", null);
        String b = f.approvedAccount("1000.00", null);
        String old =
                place(f, a, "10.00", "PED-9").then().statusCode(201).extract().path("id");
        as(f.checkout).post(f.account(a) + "/holds/" + old + "/release").then().statusCode(200);
        String current =
                place(f, b, "20.00", "PED-9").then().statusCode(201).extract().path("id");
        String unrelated =
                place(f, b, "30.00", "PED-10").then().statusCode(201).extract().path("id");
        String holds = "/v1/distributors/" + f.distributorId + "/holds";
        as(f.checkout)
                .queryParam("orderId", "PED-9")
                .get(holds)
                .then()
                .statusCode(200)
                .body("items.id", contains(current, old))
                .body("items[0].accountId", equalTo(b))
                .body("nextCursor", nullValue());
        as(f.readOnly)
                .queryParam("orderId", "PED-9")
                .queryParam("status", "ACTIVE")
                .get(holds)
                .then()
                .body("items.id", contains(current));
        as(f.integration).get(holds).then().body("items.id", contains(unrelated, current, old));
        String cursor = as(f.readOnly)
                .queryParam("limit", 2)
                .get(holds)
                .then()
                .body("items.id", contains(unrelated, current))
                .extract()
                .path("nextCursor");
        as(f.readOnly)
                .queryParam("limit", 2)
                .queryParam("cursor", cursor)
                .get(holds)
                .then()
                .body("items.id", contains(old));
        as(f.readOnly)
                .queryParam("status", "NOPE")
                .get(holds)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status"));
        as(f.readOnly)
                .queryParam("orderId", "x".repeat(101))
                .get(holds)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("orderId"));
        Fixture other = Fixture.create();
        as(other.checkout).get(holds).then().statusCode(403);
    }
}
