package dev.aval.platform;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import dev.aval.support.Waits;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * api.md "Conventions", bounds: every input PostgreSQL would refuse — an amount above
 * 999999999999.99, a path id that is not a UUID, a date out of range, a NUL character in a JSON
 * string, a query parameter or a path segment — is a 400 naming the field, on every kind of
 * endpoint, never a 500. Each table row is one request; every failing row is reported.
 */
@AvalTest
class InputBoundsTest {

    static final String TOO_MUCH = "1000000000000.00";
    static final String MOST = "999999999999.99";
    static final String NUL = "\u0000";
    static final String FAR_FUTURE = "+99999-01-01T00:00:00Z";
    static final String FAR_PAST = "-5000-01-01T00:00:00Z";

    /** One request and the field its 400 must name. */
    record Case(String name, Supplier<Response> send, String field) {}

    /** A distributor with keys, an APV customer with an account, a hold and an invoice. */
    static final class World {
        final String d = Api.newDistributor();
        final String key = Api.key(d, "INTEGRATION");
        final String document = Api.newCpf();
        final String accountId;
        final String holdId;
        final String invoiceId;

        World() {
            admin().body(Map.of("status", "APV"))
                    .put(base() + "/customers/" + document + "/status")
                    .then()
                    .statusCode(200);
            accountId = as(key).body(Map.of("document", document, "email", "a@b.com.br", "creditLimit", "1000.00"))
                    .post(accounts())
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            String captured = idempotent()
                    .body(Map.of("amount", "10.00", "orderId", "o-" + UUID.randomUUID()))
                    .post(account() + "/holds")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            invoiceId = idempotent()
                    .body(Map.of())
                    .post(account() + "/holds/" + captured + "/capture")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("invoices[0].id");
            holdId = idempotent()
                    .body(Map.of("amount", "10.00", "orderId", "o-" + UUID.randomUUID()))
                    .post(account() + "/holds")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
        }

        String base() {
            return "/v1/distributors/" + d;
        }

        String accounts() {
            return base() + "/credit-accounts";
        }

        String account() {
            return accounts() + "/" + accountId;
        }

        RequestSpecification api() {
            return as(key);
        }

        RequestSpecification idempotent() {
            return as(key).header("Idempotency-Key", UUID.randomUUID().toString());
        }
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static void assertAll400(List<Case> cases) {
        List<Executable> checks = new ArrayList<>();
        for (Case c : cases) {
            checks.add(() -> {
                Response r = c.send().get();
                String body = r.asString();
                assertEquals(400, r.statusCode(), c.name() + ": " + body);
                assertEquals("application/problem+json", r.contentType().split(";")[0], c.name());
                assertEquals("VALIDATION_FAILED", r.path("code"), c.name() + ": " + body);
                List<String> fields = r.path("errors.field");
                assertEquals(true, fields != null && fields.contains(c.field()), c.name() + ": " + body);
            });
        }
        assertAll(checks);
    }

    @Test
    void amountsAboveTheBoundAre400NamingTheField() {
        World w = new World();
        assertAll400(List.of(
                new Case(
                        "open creditLimit",
                        () -> w.api()
                                .body(map("document", Api.newCpf(), "email", "x@y.com.br", "creditLimit", TOO_MUCH))
                                .post(w.accounts()),
                        "creditLimit"),
                new Case(
                        "open creditLimit as a number",
                        () -> w.api()
                                .body("{\"document\":\"" + Api.newCpf()
                                        + "\",\"email\":\"x@y.com.br\",\"creditLimit\":1e40}")
                                .post(w.accounts()),
                        "creditLimit"),
                new Case(
                        "patch creditLimit",
                        () -> w.api().body(map("creditLimit", TOO_MUCH)).patch(w.account()),
                        "creditLimit"),
                new Case(
                        "patch creditLimit that a double would round to 1.00",
                        () -> w.api()
                                .body("{\"creditLimit\": 1.0000000000000001}")
                                .patch(w.account()),
                        "creditLimit"),
                new Case(
                        "hold amount",
                        () -> w.idempotent()
                                .body(map("amount", TOO_MUCH, "orderId", "o-big"))
                                .post(w.account() + "/holds"),
                        "amount"),
                new Case(
                        "capture amount",
                        () -> w.idempotent()
                                .body(map("amount", TOO_MUCH))
                                .post(w.account() + "/holds/" + w.holdId + "/capture"),
                        "amount"),
                new Case(
                        "payment amount",
                        () -> w.idempotent()
                                .body(map("amount", TOO_MUCH))
                                .post(w.account() + "/invoices/" + w.invoiceId + "/payments"),
                        "amount"),
                new Case(
                        "eligibility cartTotal",
                        () -> w.api()
                                .body(map("document", w.document, "cartTotal", TOO_MUCH))
                                .post(w.base() + "/eligibility"),
                        "cartTotal")));
        // the bound itself is a valid amount
        w.api()
                .body(map("document", Api.newCpf(), "email", "x@y.com.br", "creditLimit", MOST))
                .post(w.accounts())
                .then()
                .statusCode(201)
                .body("creditLimit", equalTo(Float.valueOf(MOST)));
        w.api()
                .body(map("document", w.document, "cartTotal", MOST))
                .post(w.base() + "/eligibility")
                .then()
                .statusCode(200);
    }

    @Test
    void pathIdsThatAreNotUuidsAre400NamingTheParameter() {
        World w = new World();
        String bad = "not-a-uuid";
        assertAll400(List.of(
                new Case("get account", () -> w.api().get(w.accounts() + "/" + bad), "accountId"),
                new Case(
                        "patch account",
                        () -> w.api().body(map("reason", "x")).patch(w.accounts() + "/" + bad),
                        "accountId"),
                new Case("close account", () -> w.api().post(w.accounts() + "/" + bad + "/close"), "accountId"),
                new Case("statement", () -> w.api().get(w.accounts() + "/" + bad + "/statement"), "accountId"),
                new Case("remove holder", () -> w.api().delete(w.account() + "/holders/" + bad), "holderId"),
                new Case(
                        "place hold",
                        () -> w.idempotent()
                                .body(map("amount", "1.00", "orderId", "o-1"))
                                .post(w.accounts() + "/" + bad + "/holds"),
                        "accountId"),
                new Case("get hold", () -> w.api().get(w.account() + "/holds/" + bad), "holdId"),
                new Case(
                        "capture",
                        () -> w.idempotent().body(map()).post(w.account() + "/holds/" + bad + "/capture"),
                        "holdId"),
                new Case("release", () -> w.api().post(w.account() + "/holds/" + bad + "/release"), "holdId"),
                new Case("get invoice", () -> w.api().get(w.account() + "/invoices/" + bad), "invoiceId"),
                new Case(
                        "pay invoice",
                        () -> w.idempotent().body(map()).post(w.account() + "/invoices/" + bad + "/payments"),
                        "invoiceId"),
                new Case(
                        "cancel invoice",
                        () -> w.api().post(w.account() + "/invoices/" + bad + "/cancel"),
                        "invoiceId"),
                new Case("get import", () -> w.api().get(w.accounts() + "/imports/" + bad), "importId"),
                new Case("import errors", () -> w.api().get(w.accounts() + "/imports/" + bad + "/errors"), "importId"),
                new Case("revoke key", () -> admin().delete(w.base() + "/api-keys/" + bad), "keyId"),
                new Case("disable console user", () -> admin().delete(w.base() + "/users/" + bad), "userId"),
                new Case(
                        "console user setup link",
                        () -> admin().post(w.base() + "/users/" + bad + "/setup-link"),
                        "userId")));
    }

    @Test
    void nulCharactersAre400NamingTheFieldWhereverTheyCome() {
        World w = new World();
        String cpf = Api.newCpf();
        assertAll400(List.of(
                // JSON strings
                new Case(
                        "distributor name",
                        () -> admin().body(map("name", "a" + NUL)).put(w.base()),
                        "name"),
                new Case(
                        "api key name",
                        () -> admin().body(map("name", "k" + NUL, "role", "INTEGRATION"))
                                .post(w.base() + "/api-keys"),
                        "name"),
                new Case(
                        "console user name",
                        () -> admin().body(map(
                                        "name",
                                        "n" + NUL,
                                        "email",
                                        "u" + UUID.randomUUID() + "@b.com.br",
                                        "role",
                                        "VIEWER"))
                                .post(w.base() + "/users"),
                        "name"),
                new Case(
                        "status reason",
                        () -> w.api()
                                .body(map("status", "APV", "reason", "r" + NUL))
                                .put(w.base() + "/customers/" + cpf + "/status"),
                        "reason"),
                new Case(
                        "open email",
                        () -> w.api()
                                .body(map(
                                        "document",
                                        Api.newCpf(),
                                        "email",
                                        "a" + NUL + "@b.com.br",
                                        "creditLimit",
                                        "1.00"))
                                .post(w.accounts()),
                        "email"),
                new Case("patch reason", () -> w.api().body(map("reason", NUL)).patch(w.account()), "reason"),
                new Case(
                        "close reason",
                        () -> w.api().body(map("reason", "r" + NUL)).post(w.account() + "/close"),
                        "reason"),
                new Case(
                        "holder email",
                        () -> w.api()
                                .body(map("email", "h" + NUL + "@b.com.br"))
                                .post(w.account() + "/holders"),
                        "email"),
                new Case(
                        "hold orderId",
                        () -> w.idempotent()
                                .body(map("amount", "1.00", "orderId", "o" + NUL))
                                .post(w.account() + "/holds"),
                        "orderId"),
                new Case(
                        "payment reference",
                        () -> w.idempotent()
                                .body(map("amount", "1.00", "reference", NUL))
                                .post(w.account() + "/invoices/" + w.invoiceId + "/payments"),
                        "reference"),
                new Case(
                        "cancel reason",
                        () -> w.api()
                                .body(map("reason", "c" + NUL))
                                .post(w.account() + "/invoices/" + w.invoiceId + "/cancel"),
                        "reason"),
                new Case(
                        "eligibility email",
                        () -> w.api()
                                .body(map(
                                        "document", w.document, "cartTotal", "1.00", "email", "e" + NUL + "@b.com.br"))
                                .post(w.base() + "/eligibility"),
                        "email"),
                // query parameters
                new Case(
                        "account search email",
                        () -> w.api().queryParam("email", "a" + NUL).get(w.accounts()),
                        "email"),
                new Case(
                        "account search document",
                        () -> w.api().queryParam("document", NUL).get(w.accounts()),
                        "document"),
                new Case("list cursor", () -> w.api().queryParam("cursor", NUL).get(w.base() + "/customers"), "cursor"),
                new Case(
                        "invoice document",
                        () -> w.api().queryParam("document", cpf + NUL).get(w.base() + "/invoices"),
                        "document"),
                // path segments
                new Case(
                        "customer document",
                        () -> w.api().urlEncodingEnabled(false).get(w.base() + "/customers/" + cpf + "%00"),
                        "document"),
                new Case(
                        "distributor id",
                        () -> admin().urlEncodingEnabled(false).get("/v1/distributors/x%00y"),
                        "distributorId"),
                new Case(
                        "distributor id on a sub-resource",
                        () -> admin().urlEncodingEnabled(false).get("/v1/distributors/x%00y/customers"),
                        "distributorId")));
    }

    @Test
    void datesOutOfRangeAre400NamingTheField() {
        World w = new World();
        String cpf = Api.newCpf();
        assertAll400(List.of(
                new Case(
                        "status occurredAt far future",
                        () -> w.api()
                                .body(map("status", "APV", "occurredAt", FAR_FUTURE))
                                .put(w.base() + "/customers/" + cpf + "/status"),
                        "occurredAt"),
                new Case(
                        "status occurredAt far past",
                        () -> w.api()
                                .body(map("status", "APV", "occurredAt", FAR_PAST))
                                .put(w.base() + "/customers/" + cpf + "/status"),
                        "occurredAt"),
                new Case(
                        "hold expiresAt far future",
                        () -> w.idempotent()
                                .body(map("amount", "1.00", "orderId", "o-date", "expiresAt", FAR_FUTURE))
                                .post(w.account() + "/holds"),
                        "expiresAt"),
                new Case(
                        "hold expiresAt far past",
                        () -> w.idempotent()
                                .body(map("amount", "1.00", "orderId", "o-date", "expiresAt", FAR_PAST))
                                .post(w.account() + "/holds"),
                        "expiresAt"),
                new Case(
                        "statement from, instant",
                        () -> w.api().queryParam("from", FAR_FUTURE).get(w.account() + "/statement"),
                        "from"),
                new Case(
                        "statement to, date",
                        () -> w.api().queryParam("to", "-5000-01-01").get(w.account() + "/statement"),
                        "to"),
                new Case(
                        "invoices dueFrom",
                        () -> w.api().queryParam("dueFrom", "+999999999-12-31").get(w.base() + "/invoices"),
                        "dueFrom"),
                new Case(
                        "invoices dueTo",
                        () -> w.api().queryParam("dueTo", "-999999999-01-01").get(w.base() + "/invoices"),
                        "dueTo"),
                new Case(
                        "statement cursor with a far date",
                        () -> w.api()
                                .queryParam("cursor", Cursor.encode(FAR_FUTURE + "|" + UUID.randomUUID()))
                                .get(w.account() + "/statement"),
                        "cursor"),
                new Case(
                        "invoice cursor with a far date",
                        () -> w.api()
                                .queryParam("cursor", Cursor.encode("+999999999-12-31|" + UUID.randomUUID()))
                                .get(w.base() + "/invoices"),
                        "cursor")));
    }

    @Test
    void otherInputsPostgresWouldRefuseAre400NamingTheField() {
        World w = new World();
        assertAll400(List.of(
                new Case(
                        "limit not a number",
                        () -> w.api().queryParam("limit", "ten").get(w.accounts()),
                        "limit"),
                new Case(
                        "limit beyond an int",
                        () -> w.api().queryParam("limit", "99999999999").get(w.accounts()),
                        "limit"),
                new Case(
                        "installments beyond an int",
                        () -> w.idempotent()
                                .body("{\"installments\": 99999999999}")
                                .post(w.account() + "/holds/" + w.holdId + "/capture"),
                        "installments"),
                new Case(
                        "grace days beyond an int",
                        () -> admin().body("{\"overdueGraceDays\": 1e12}").put(w.base()),
                        "overdueGraceDays"),
                new Case(
                        "installments with a fraction (not truncated to 2)",
                        () -> w.idempotent()
                                .body("{\"installments\": 2.9}")
                                .post(w.account() + "/holds/" + w.holdId + "/capture"),
                        "installments"),
                new Case(
                        "first due in half a day",
                        () -> w.idempotent()
                                .body("{\"firstDueInDays\": 0.5}")
                                .post(w.account() + "/holds/" + w.holdId + "/capture"),
                        "firstDueInDays"),
                new Case(
                        "final as a number",
                        () -> w.idempotent()
                                .body("{\"amount\": 1.00, \"final\": 0}")
                                .post(w.account() + "/holds/" + w.holdId + "/capture"),
                        "final"),
                new Case(
                        "grace days with a fraction",
                        () -> admin().body("{\"overdueGraceDays\": 3.7}").put(w.base()),
                        "overdueGraceDays"),
                new Case(
                        "limit with a fraction",
                        () -> w.api().queryParam("limit", "2.5").get(w.accounts()),
                        "limit"),
                new Case(
                        "tolerance with a huge exponent",
                        () -> w.api().body("{\"tolerance\": 1e-999999}").patch(w.account()),
                        "tolerance")));
    }

    @Test
    void aWholeNumberWrittenWithADecimalPointIsReadAsWholeAndAFractionNamed() {
        World w = new World();
        w.idempotent()
                .body("{\"installments\": 2.0, \"firstDueInDays\": 3e1}")
                .post(w.account() + "/holds/" + w.holdId + "/capture")
                .then()
                .statusCode(200)
                .body("invoices.size()", org.hamcrest.Matchers.equalTo(2));
        Response fraction = admin().body("{\"overdueGraceDays\": 3.7}").put(w.base());
        fraction.then().statusCode(400);
        assertEquals(List.of("must be a whole number"), fraction.path("errors.message"));
        Response huge = admin().body("{\"overdueGraceDays\": 1e12}").put(w.base());
        huge.then().statusCode(400);
        assertEquals(List.of("is out of range"), huge.path("errors.message"));
    }

    @Test
    void aBatchItemWithAnImpossibleDateOrANulIsThatItemsRejection() {
        World w = new World();
        String good = Api.newCpf();
        String future = Api.newCpf();
        String past = Api.newCpf();
        String nul = Api.newCpf();
        List<Map<String, Object>> items = List.of(
                map("document", good, "status", "APV"),
                map("document", future, "status", "APV", "occurredAt", FAR_FUTURE),
                map("document", past, "status", "APV", "occurredAt", "-4714-11-23T00:00:00Z"),
                map("document", nul, "status", "APV", "reason", "r" + NUL),
                map("document", Api.newCpf(), "status", "APV", "occurredAt", "+294277-01-01T00:00:00Z"));
        JsonPath results = w.api()
                .body(map("items", items))
                .post(w.base() + "/customers/statuses")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("APPLIED", results.getString("results[0].outcome"));
        for (int i = 1; i < items.size(); i++) {
            assertEquals("REJECTED", results.getString("results[" + i + "].outcome"), "item " + i);
        }
        assertEquals(List.of("occurredAt"), results.getList("results[1].errors.field"));
        assertEquals(List.of("occurredAt"), results.getList("results[2].errors.field"));
        assertEquals(List.of("reason"), results.getList("results[3].errors.field"));
        assertEquals(List.of("occurredAt"), results.getList("results[4].errors.field"));
        w.api().get(w.base() + "/customers/" + good).then().statusCode(200).body("status", equalTo("APV"));
        w.api().get(w.base() + "/customers/" + future).then().statusCode(404);
    }

    @Test
    void anImportedCreditLimitAboveTheBoundIsThatRowsError() {
        World w = new World();
        String csv = "document,email,creditLimit\n"
                + Api.newCpf() + ",big@b.com.br," + TOO_MUCH + "\n"
                + Api.newCpf() + ",most@b.com.br," + MOST + "\n"
                + Api.newCpf() + ",nul" + NUL + "@b.com.br,1.00\n";
        String id = given().header("Authorization", "Bearer " + w.key)
                .contentType("text/csv")
                .body(csv)
                .post(w.accounts() + "/imports?mode=UPSERT")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath job = Awaitility.await("import " + id)
                .atMost(Waits.TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> w.api()
                                .get(w.accounts() + "/imports/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        j -> "COMPLETED".equals(j.getString("status")) || "FAILED".equals(j.getString("status")));
        assertEquals("COMPLETED", job.getString("status"), job.prettify());
        JsonPath errors = w.api()
                .get(w.accounts() + "/imports/" + id + "/errors")
                .then()
                .statusCode(200)
                .body(not(containsString("Exception")))
                .extract()
                .jsonPath();
        assertEquals(List.of(2, 4), errors.getList("items.line"), errors.prettify());
        assertEquals(List.of("creditLimit"), errors.getList("items[0].errors.field"));
        assertEquals(List.of("email"), errors.getList("items[1].errors.field"));
        w.api()
                .queryParam("email", "most@b.com.br")
                .get(w.accounts())
                .then()
                .statusCode(200)
                .body("items.creditLimit", hasItem(Float.valueOf(MOST)));
    }
}
