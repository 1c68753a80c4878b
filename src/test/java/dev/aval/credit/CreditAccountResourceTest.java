package dev.aval.credit;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.path.json.JsonPath;

@AvalTest
class CreditAccountResourceTest {

    private static Map<String, Object> openBody(String document, Object creditLimit, Object tolerance) {
        Map<String, Object> body = new HashMap<>();
        body.put("document", document);
        body.put("email", "financeiro@cliente.com.br");
        body.put("creditLimit", creditLimit);
        if (tolerance != null) {
            body.put("tolerance", tolerance);
        }
        return body;
    }

    @Test
    void openingAnAccountAnswersItsBalancesWithLocationAndEtag() {
        Fixture f = Fixture.create();
        String cpf = Api.newCpf();
        String formatted =
                cpf.substring(0, 3) + "." + cpf.substring(3, 6) + "." + cpf.substring(6, 9) + "-" + cpf.substring(9);
        var response = as(f.integration)
                .body(openBody(formatted, "1000.00", 0.1))
                .post(f.accounts())
                .then()
                .statusCode(201)
                .header("Location", startsWith(f.accounts() + "/"))
                .header("ETag", equalTo("\"1\""))
                .body("document", equalTo(cpf))
                .body("documentType", equalTo("CPF"))
                .body("email", equalTo("financeiro@cliente.com.br"))
                .body("holders", hasSize(0))
                .body("status", equalTo("OPEN"))
                .body("version", equalTo(1))
                .body("closedAt", nullValue())
                .extract();
        String body = response.asString();
        // money always with 2 decimals, tolerance with 4
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("\"creditLimit\":1000.00"), body);
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("\"tolerance\":0.1000"), body);
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("\"availableCreditWithTolerance\":1100.00"), body);
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("\"outstanding\":0.00"), body);
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("\"reserved\":0.00"), body);
        String id = response.path("id");
        as(f.readOnly)
                .get(f.account(id))
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("id", equalTo(id));
    }

    @Test
    void moneyAsStringIsAcceptedAndToleranceDefaultsToZero() {
        Fixture f = Fixture.create();
        as(f.integration)
                .body(openBody(Api.newCpf(), "1234.50", null))
                .post(f.accounts())
                .then()
                .statusCode(201)
                .body("creditLimit", equalTo(1234.50f))
                .body("tolerance", equalTo(0f))
                .body("availableCredit", equalTo(1234.50f));
    }

    @Test
    void badInputsAreRefusedNamingTheFieldNeverRounded() {
        Fixture f = Fixture.create();
        String cpf = Api.newCpf();
        as(f.integration)
                .body(openBody(cpf, "100.001", null))
                .post(f.accounts())
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("creditLimit"));
        as(f.integration)
                .body(openBody(cpf, "-1.00", null))
                .post(f.accounts())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("creditLimit"));
        as(f.integration)
                .body(openBody(cpf, "100.00", 1.5))
                .post(f.accounts())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("tolerance"));
        as(f.integration)
                .body(openBody(cpf, "100.00", -0.1))
                .post(f.accounts())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("tolerance"));
        as(f.integration)
                .body(openBody(cpf, "100.00", new BigDecimal("0.12345")))
                .post(f.accounts())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("tolerance"));
        as(f.integration)
                .body(openBody("12345678900", "100.00", null))
                .post(f.accounts())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("document"));
        Map<String, Object> noEmail = openBody(cpf, "100.00", null);
        noEmail.remove("email");
        as(f.integration)
                .body(noEmail)
                .post(f.accounts())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("email"));
        Map<String, Object> badEmail = openBody(cpf, "100.00", null);
        badEmail.put("email", "not-an-email");
        as(f.integration)
                .body(badEmail)
                .post(f.accounts())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("email"));
        as(f.integration)
                .body(openBody(cpf, "lots", null))
                .post(f.accounts())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("creditLimit"));
        // nothing was opened by any of them
        as(f.integration)
                .queryParam("document", cpf)
                .get(f.accounts())
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void oneOpenAccountPerDocumentAndANewOneAfterClosing() {
        Fixture f = Fixture.create();
        String cpf = Api.newCpf();
        String first = f.open(cpf, "100.00", null);
        as(f.integration)
                .body(openBody(cpf, "200.00", null))
                .post(f.accounts())
                .then()
                .statusCode(409)
                .body("code", equalTo("CREDIT_ACCOUNT_EXISTS"));
        as(f.integration)
                .body(Map.of("reason", "customer asked"))
                .post(f.account(first) + "/close")
                .then()
                .statusCode(200)
                .body("status", equalTo("CLOSED"))
                .body("closedAt", notNullValue())
                .header("ETag", "\"2\"");
        as(f.integration)
                .post(f.account(first) + "/close")
                .then()
                .statusCode(409)
                .body("code", equalTo("CREDIT_ACCOUNT_CLOSED"));
        String second = f.open(cpf, "200.00", null);
        assertNotEquals(first, second);
        as(f.readOnly)
                .queryParam("document", cpf)
                .get(f.accounts())
                .then()
                .statusCode(200)
                .body("items.id", contains(first, second));
        as(f.readOnly)
                .queryParam("document", cpf)
                .queryParam("status", "OPEN")
                .get(f.accounts())
                .then()
                .body("items.id", contains(second));
    }

    @Test
    void aForeignDocumentHasOneOpenAccountToo() {
        Fixture f = Fixture.create();
        Map<String, Object> body = openBody("ab-123", "10.00", null);
        body.put("documentType", "OTHER");
        as(f.integration)
                .body(body)
                .post(f.accounts())
                .then()
                .statusCode(201)
                .body("documentType", equalTo("OTHER"))
                .body("document", equalTo("AB123"));
        as(f.integration)
                .body(body)
                .post(f.accounts())
                .then()
                .statusCode(409)
                .body("code", equalTo("CREDIT_ACCOUNT_EXISTS"));
    }

    @Test
    void searchByEmailFindsAccountAndHolderEmailsCaseInsensitively() {
        Fixture f = Fixture.create();
        String a = f.open(Api.newCpf(), "100.00", null);
        String b = f.open(Api.newCpf(), "100.00", null);
        as(f.integration)
                .body(Map.of("email", "Shared@Buyer.com"))
                .post(f.account(a) + "/holders")
                .then()
                .statusCode(201);
        as(f.integration)
                .body(Map.of("email", "shared@buyer.com", "reason", "x"))
                .patch(f.account(b))
                .then()
                .statusCode(200);
        as(f.readOnly)
                .queryParam("email", "SHARED@buyer.com")
                .get(f.accounts())
                .then()
                .statusCode(200)
                .body("items.id", contains(a, b));
        as(f.readOnly)
                .queryParam("status", "WHATEVER")
                .get(f.accounts())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("status"));
    }

    @Test
    void listsArePagedWithAStableCursor() {
        Fixture f = Fixture.create();
        String a = f.open(Api.newCpf(), "1.00", null);
        String b = f.open(Api.newCpf(), "2.00", null);
        String c = f.open(Api.newCpf(), "3.00", null);
        JsonPath page1 = as(f.readOnly)
                .queryParam("limit", 2)
                .get(f.accounts())
                .then()
                .statusCode(200)
                .body("items.id", contains(a, b))
                .body("nextCursor", notNullValue())
                .extract()
                .jsonPath();
        as(f.readOnly)
                .queryParam("limit", 2)
                .queryParam("cursor", page1.getString("nextCursor"))
                .get(f.accounts())
                .then()
                .statusCode(200)
                .body("items.id", contains(c))
                .body("nextCursor", nullValue());
        as(f.readOnly)
                .queryParam("limit", 501)
                .get(f.accounts())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("limit"));
    }

    @Test
    void patchChangesOnlyTheGivenFieldsAndChecksIfMatch() {
        Fixture f = Fixture.create();
        String cpf = Api.newCpf();
        String id = f.open(cpf, "1000.00", "0.1000");
        as(f.integration)
                .header("If-Match", "\"1\"")
                .body(Map.of("creditLimit", "1500.00", "reason", "good payer"))
                .patch(f.account(id))
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("creditLimit", equalTo(1500.00f))
                .body("tolerance", equalTo(0.1f))
                .body("email", equalTo("compras-" + cpf + "@cliente.com.br"))
                .body("document", equalTo(cpf));
        as(f.integration)
                .header("If-Match", "\"1\"")
                .body(Map.of("tolerance", 0.2))
                .patch(f.account(id))
                .then()
                .statusCode(412)
                .body("code", equalTo("VERSION_MISMATCH"));
        as(f.integration)
                .header("If-Match", "W/\"2\"")
                .body(Map.of("tolerance", 0.2))
                .patch(f.account(id))
                .then()
                .statusCode(200)
                .header("ETag", "\"3\"")
                .body("tolerance", equalTo(0.2f))
                .body("creditLimit", equalTo(1500.00f));
        as(f.integration)
                .body(Map.of("creditLimit", "1.001"))
                .patch(f.account(id))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("creditLimit"));
        as(f.integration)
                .body(Map.of("email", "nope"))
                .patch(f.account(id))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("email"));
        // null is not "leave it": every field but reason always has a value on an account
        for (String field : List.of("email", "documentType", "document", "creditLimit", "tolerance")) {
            as(f.integration)
                    .body("{\"" + field + "\": null}")
                    .patch(f.account(id))
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", hasItem(field))
                    .body("errors.message", hasItem(org.hamcrest.Matchers.startsWith("must not be null")));
        }
        as(f.integration)
                .body("{\"tolerance\": 0.2, \"reason\": null}")
                .patch(f.account(id))
                .then()
                .statusCode(200)
                .body("tolerance", equalTo(0.2f));
        // a document that already has an open account is refused
        String other = Api.newCpf();
        f.open(other, "1.00", null);
        as(f.integration)
                .body(Map.of("document", other))
                .patch(f.account(id))
                .then()
                .statusCode(409)
                .body("code", equalTo("CREDIT_ACCOUNT_EXISTS"));
        String moved = Api.newCpf();
        as(f.integration)
                .body(Map.of("document", moved))
                .patch(f.account(id))
                .then()
                .statusCode(200)
                .body("document", equalTo(moved))
                .body("creditLimit", equalTo(1500.00f));
        // the statement has the limit and tolerance changes
        as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .statusCode(200)
                .body("items.type", contains("OPENED", "LIMIT_CHANGED", "TOLERANCE_CHANGED"))
                .body("items[1].amount", equalTo(500.00f))
                .body("items[1].reason", equalTo("good payer"))
                .body("items[2].amount", equalTo(0f));
    }

    @Test
    void holdersAreAddedAndRemoved() {
        Fixture f = Fixture.create();
        String id = f.open(Api.newCpf(), "100.00", null);
        String holderId = as(f.integration)
                .body(Map.of("email", "buyer2@cliente.com.br"))
                .post(f.account(id) + "/holders")
                .then()
                .statusCode(201)
                .body("email", equalTo("buyer2@cliente.com.br"))
                .extract()
                .path("id");
        as(f.integration)
                .body(Map.of("email", "BUYER2@cliente.com.br"))
                .post(f.account(id) + "/holders")
                .then()
                .statusCode(409)
                .body("code", equalTo("HOLDER_EXISTS"));
        as(f.integration)
                .body(Map.of("email", "bad"))
                .post(f.account(id) + "/holders")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("email"));
        f.get(id);
        as(f.readOnly)
                .get(f.account(id))
                .then()
                .body("holders.id", contains(holderId))
                .header("ETag", "\"2\"");
        as(f.integration).delete(f.account(id) + "/holders/" + holderId).then().statusCode(204);
        as(f.integration)
                .delete(f.account(id) + "/holders/" + holderId)
                .then()
                .statusCode(404)
                .body("code", equalTo("HOLDER_NOT_FOUND"));
        as(f.readOnly).get(f.account(id)).then().body("holders", hasSize(0));
    }

    @Test
    void anotherDistributorsAccountIsNotFoundAndItsPathForbidden() {
        Fixture mine = Fixture.create();
        Fixture other = Fixture.create();
        String theirs = other.open(Api.newCpf(), "100.00", null);
        // my key on their path: 403
        as(mine.integration).get(other.account(theirs)).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        // their account id under my distributor: 404
        as(mine.integration)
                .get(mine.account(theirs))
                .then()
                .statusCode(404)
                .body("code", equalTo("CREDIT_ACCOUNT_NOT_FOUND"));
        as(mine.integration)
                .body(Map.of("creditLimit", "1.00"))
                .patch(mine.account(theirs))
                .then()
                .statusCode(404)
                .body("code", equalTo("CREDIT_ACCOUNT_NOT_FOUND"));
        as(mine.integration).post(mine.account(theirs) + "/close").then().statusCode(404);
        as(mine.integration)
                .get(mine.account("not-a-uuid"))
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("accountId"));
        admin().get("/v1/distributors/nobody-" + UUID.randomUUID().toString().substring(0, 8) + "/credit-accounts/"
                        + theirs)
                .then()
                .statusCode(404)
                .body("code", equalTo("DISTRIBUTOR_NOT_FOUND"));
    }

    @Test
    void checkoutAndReadOnlyKeysCannotOpenOrChangeAccounts() {
        Fixture f = Fixture.create();
        String id = f.open(Api.newCpf(), "100.00", null);
        as(f.checkout)
                .body(openBody(Api.newCpf(), "1.00", null))
                .post(f.accounts())
                .then()
                .statusCode(403);
        as(f.checkout)
                .body(Map.of("creditLimit", "1000000.00"))
                .patch(f.account(id))
                .then()
                .statusCode(403);
        as(f.checkout).post(f.account(id) + "/close").then().statusCode(403);
        as(f.checkout)
                .body(Map.of("email", "x@y.com"))
                .post(f.account(id) + "/holders")
                .then()
                .statusCode(403);
        as(f.readOnly)
                .body(openBody(Api.newCpf(), "1.00", null))
                .post(f.accounts())
                .then()
                .statusCode(403);
        as(f.checkout).get(f.account(id)).then().statusCode(200);
        as(f.checkout).get(f.accounts()).then().statusCode(200);
        io.restassured.RestAssured.given().get(f.account(id)).then().statusCode(401);
    }

    @Test
    void statementRangeAndTotals() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        f.placeHold(id, "100.00");
        f.placeHold(id, "50.00");
        JsonPath all = as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("OPENED", "HOLD_PLACED", "HOLD_PLACED"), all.getList("items.type"));
        assertEquals(3, all.getInt("totals.entries"));
        assertEquals(0, new BigDecimal("150.00").compareTo(all.getObject("totals.reservedChange", BigDecimal.class)));
        String secondAt = all.getString("items[1].occurredAt");
        as(f.readOnly)
                .queryParam("from", secondAt)
                .get(f.account(id) + "/statement")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("totals.entries", equalTo(2));
        as(f.readOnly)
                .queryParam("limit", 1)
                .get(f.account(id) + "/statement")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("nextCursor", notNullValue())
                .body("totals.entries", equalTo(3));
        as(f.readOnly)
                .queryParam("from", "yesterday")
                .get(f.account(id) + "/statement")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("from"));
    }

    @Test
    void simultaneousOpeningsOfOneDocumentOpenOneAccountAndRefuseTheRest() throws Exception {
        Fixture f = Fixture.create();
        String document = Api.newCpf();
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(threads.submit(() -> as(f.integration)
                        .body(Map.of("document", document, "email", "a@b.com", "creditLimit", "10.00"))
                        .post(f.accounts())
                        .then()
                        .extract()
                        .statusCode()));
            }
            List<Integer> codes = new java.util.ArrayList<>();
            for (var answer : answers) {
                codes.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertEquals(1, java.util.Collections.frequency(codes, 201), codes.toString());
            assertEquals(5, java.util.Collections.frequency(codes, 409), codes.toString());
        } finally {
            threads.shutdownNow();
        }
    }
}
