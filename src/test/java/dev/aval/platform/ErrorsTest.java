package dev.aval.platform;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newDistributor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

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
    void anyV1PathOrMethodWithoutAValidKeyIs401() {
        String d = newDistributor();
        for (var request : List.of(given(), given().header("Authorization", "Bearer avk_not_a_key"))) {
            request.get("/v1/nothing-here").then().statusCode(401)
                    .contentType("application/problem+json").body("code", equalTo("UNAUTHENTICATED"));
        }
        given().delete("/v1/distributors/" + d).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().contentType("text/plain").body("name=x").put("/v1/distributors/" + d).then().statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void oversizedJsonBodyIs413Problem() {
        String d = newDistributor();
        String big = "{\"reason\":\"" + "x".repeat(4_200_000) + "\"}";
        as(key(d, "INTEGRATION")).body(big).put("/v1/distributors/" + d + "/customers/52998224725/status")
                .then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void oversizedJsonBodyWithoutALengthIs413Problem() {
        String d = newDistributor();
        byte[] big = ("{\"status\":\"APV\",\"reason\":\"" + "x".repeat(4_200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        // an InputStream body has no length: sent chunked, counted while it is read
        as(key(d, "INTEGRATION")).body(new ByteArrayInputStream(big))
                .put("/v1/distributors/" + d + "/customers/52998224725/status")
                .then().statusCode(413)
                .contentType("application/problem+json").body("code", equalTo("PAYLOAD_TOO_LARGE"));
        as(key(d, "INTEGRATION")).get("/v1/distributors/" + d + "/customers/52998224725").then().statusCode(404);
        byte[] small = "{\"status\":\"APV\"}".getBytes(StandardCharsets.UTF_8);
        as(key(d, "INTEGRATION")).body(new ByteArrayInputStream(small))
                .put("/v1/distributors/" + d + "/customers/52998224725/status")
                .then().statusCode(200).body("customer.status", equalTo("APV"));
    }

    @Test
    void aBodyOverTheHttpLimitIs413ProblemBeforeItIsRead() throws Exception {
        // only the head is sent: the answer must come without the 100 MB announced
        URI uri = URI.create(RestAssured.baseURI);
        try (Socket socket = new Socket(uri.getHost(), RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/distributors/x/credit-accounts/imports HTTP/1.1\r\n"
                    + "Host: localhost\r\nContent-Type: text/csv\r\nContent-Length: 100000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            assertTrue(answer.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer);
        }
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
