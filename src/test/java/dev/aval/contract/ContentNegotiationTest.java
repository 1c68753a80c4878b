package dev.aval.contract;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;

/**
 * api.md "Conventions": an Accept header that allows none of an answer's media types is 406
 * NOT_ACCEPTABLE, decided before anything is done (a retry must never do a write twice); answers
 * without a body (202, 204) are never refused for it, whatever the caller accepts.
 */
@AvalTest
class ContentNegotiationTest {

    private static final String CSV =
            "documentType,document,email,creditLimit,tolerance\nCPF,%s,a@cliente.com.br,10,0\n";

    @Test
    void anUploadThatCannotBeAnsweredCreatesNoJob() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String imports = "/v1/distributors/" + d + "/credit-accounts/imports";
        byte[] file = CSV.formatted(newCpf()).getBytes(StandardCharsets.UTF_8);
        for (String accept : new String[] {"text/html", "application/problem+json"}) {
            given().header("Authorization", "Bearer " + key)
                    .accept(accept)
                    .contentType("text/csv")
                    .body(file)
                    .post(imports + "?mode=CREATE")
                    .then()
                    .statusCode(406)
                    .body("code", equalTo("NOT_ACCEPTABLE"));
            given().header("Authorization", "Bearer " + key)
                    .accept(accept)
                    .multiPart("file", "accounts.csv", file, "text/csv")
                    .post(imports + "?mode=CREATE")
                    .then()
                    .statusCode(406)
                    .body("code", equalTo("NOT_ACCEPTABLE"));
        }
        as(key).get(imports).then().statusCode(200).body("items", empty());
    }

    @Test
    void aHoldThatCannotBeAnsweredHoldsNothingAndLeavesItsKeyFree() {
        String d = newDistributor();
        String integration = key(d, "INTEGRATION");
        String cpf = newCpf();
        as(integration)
                .body(Map.of("status", "APV"))
                .put("/v1/distributors/" + d + "/customers/" + cpf + "/status")
                .then()
                .statusCode(200);
        String account = as(integration)
                .body(Map.of("document", cpf, "email", "a@cliente.com.br", "creditLimit", 100))
                .post("/v1/distributors/" + d + "/credit-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String holds = "/v1/distributors/" + d + "/credit-accounts/" + account + "/holds";
        Map<String, Object> order = Map.of("amount", 60, "orderId", "order-406");
        as(integration)
                .header("Idempotency-Key", "hold-406")
                .accept("application/problem+json")
                .body(order)
                .post(holds)
                .then()
                .statusCode(406)
                .body("code", equalTo("NOT_ACCEPTABLE"));
        as(integration).get(holds).then().statusCode(200).body("items", empty());
        as(integration)
                .header("Idempotency-Key", "hold-406")
                .body(order)
                .post(holds)
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aReadThatCannotBeAnsweredIs406NotAMalformedRequest() {
        String d = newDistributor();
        admin().accept("text/html")
                .get("/v1/distributors/" + d)
                .then()
                .statusCode(406)
                .body("code", equalTo("NOT_ACCEPTABLE"));
        admin().accept("text/html;q=0, application/json;q=0")
                .get("/v1/distributors/" + d)
                .then()
                .statusCode(406);
        admin().accept("application/*").get("/v1/distributors/" + d).then().statusCode(200);
    }

    @Test
    void answersWithoutABodyAcceptWhatAGeneratedClientSends() {
        String d = newDistributor();
        String keyId = admin().body(Map.of("name", "old", "role", "READ_ONLY"))
                .post("/v1/distributors/" + d + "/api-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        admin().accept("application/problem+json")
                .delete("/v1/distributors/" + d + "/api-keys/" + keyId)
                .then()
                .statusCode(204);
        String webhook = as(key(d, "INTEGRATION"))
                .body(Map.of("url", "http://127.0.0.1:9/hook"))
                .post("/v1/distributors/" + d + "/webhooks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        admin().accept("application/problem+json")
                .delete("/v1/distributors/" + d + "/webhooks/" + webhook)
                .then()
                .statusCode(204);
    }
}
