package dev.aval.platform;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newDistributor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import dev.aval.support.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every failure is problem+json with a code, never a stack trace or a class name. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class ErrorsTest {

    @Test
    void unknownPathIs404Problem() {
        admin().get("/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
        given().get("/nothing-at-all").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void wrongMethodIs405Problem() {
        String d = newDistributor();
        admin().delete("/v1/distributors/" + d).then().statusCode(405)
                .contentType("application/problem+json").body("code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void wrongMediaTypeIs415Problem() {
        String d = newDistributor();
        admin().contentType("text/plain").body("name=x").put("/v1/distributors/" + d).then().statusCode(415)
                .contentType("application/problem+json").body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void malformedJsonIs400WithoutInternals() {
        String d = newDistributor();
        admin().body("{\"name\": \"x\", ").put("/v1/distributors/" + d).then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_REQUEST"))
                .body(not(containsString("Exception")))
                .body(not(containsString("at com.")));
        admin().body("[]").put("/v1/distributors/" + d).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void oversizedJsonBodyIs413Problem() {
        String d = newDistributor();
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        as(key(d, "INTEGRATION")).body(big).put("/v1/distributors/" + d + "/customers/52998224725/status")
                .then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void problemsCarryTypeTitleStatusDetailAndCode() {
        admin().get("/v1/distributors/no-such-one").then().statusCode(404)
                .body("type", containsString("distributor-not-found"))
                .body("title", equalTo("Not found"))
                .body("status", equalTo(404))
                .body("detail", containsString("no-such-one"))
                .body("code", equalTo("DISTRIBUTOR_NOT_FOUND"));
    }
}
