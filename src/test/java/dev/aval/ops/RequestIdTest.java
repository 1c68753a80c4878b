package dev.aval.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;

@AvalTest
class RequestIdTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void theCallersRequestIdIsEchoed() {
        String distributor = Api.newDistributor();
        Api.admin()
                .header("X-Request-Id", "checkout-42")
                .get("/v1/distributors/" + distributor)
                .then()
                .statusCode(200)
                .header("X-Request-Id", equalTo("checkout-42"));
    }

    @Test
    void aRequestWithoutIdGetsAFreshOneEvenOnErrors() {
        given().get("/v1/distributors/nobody").then().statusCode(401).header("X-Request-Id", matchesPattern(UUID));
    }

    @Test
    void healthAnswersCarryARequestIdToo() {
        given().header("X-Request-Id", "bad id with spaces")
                .get("/q/health/live")
                .then()
                .statusCode(200)
                .header("X-Request-Id", matchesPattern(UUID))
                .header("X-Request-Id", not(equalTo("bad id with spaces")));
    }
}
