package dev.aval.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import dev.aval.support.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
class OperationsTest {

    @Test
    void healthProbesAreUpWithTheDatabase() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Reactive PostgreSQL"));
    }

    @Test
    void metricsArePrometheusText() {
        dev.aval.support.Api.admin().get("/v1/me").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests_seconds"))
                .body(containsString("aval_eligibility_decisions_total{method=\"BOLETO_FATURADO\",reason=\"CUSTOMER_NOT_APPROVED\"}"))
                .body(containsString("aval_holds_total{outcome=\"CREDIT_INSUFFICIENT\"}"));
    }

    @Test
    void openApiDescribesEveryEndpointWithProblemsAndEnums() {
        var spec = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        for (String path : new String[] { "/v1/distributors/{distributorId}", "/v1/distributors/{distributorId}/api-keys",
                "/v1/distributors/{distributorId}/api-keys/{keyId}", "/v1/distributors/{distributorId}/customers",
                "/v1/distributors/{distributorId}/customers/{document}",
                "/v1/distributors/{distributorId}/customers/{document}/status",
                "/v1/distributors/{distributorId}/customers/statuses",
                "/v1/distributors/{distributorId}/customers/{document}/status-history",
                "/v1/distributors/{distributorId}/eligibility", "/v1/me" }) {
            org.junit.jupiter.api.Assertions.assertNotNull(spec.get("paths['" + path + "']"), path);
        }
        org.junit.jupiter.api.Assertions.assertNotNull(spec.get("components.schemas.Problem"));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("PEN", "APV", "RPV"),
                spec.getList("components.schemas.CustomerStatus.enum"));
        // authentication and role failures are documented on every /v1 operation
        org.junit.jupiter.api.Assertions.assertNotNull(
                spec.get("paths['/v1/distributors/{distributorId}/eligibility'].post.responses['401']"));
        org.junit.jupiter.api.Assertions.assertNotNull(
                spec.get("paths['/v1/distributors/{distributorId}/eligibility'].post.responses['403']"));
        // every operation documents its success answer, not only its problems
        java.util.Map<String, java.util.Map<String, java.util.Map<String, Object>>> paths = spec.getMap("paths");
        paths.forEach((path, item) -> item.forEach((method, op) -> {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> responses = (java.util.Map<String, Object>) op.get("responses");
            org.junit.jupiter.api.Assertions.assertTrue(responses.keySet().stream().anyMatch(c -> c.startsWith("2")),
                    method + " " + path + " documents no 2xx answer");
            // and every error it documents comes as problem+json
            responses.forEach((status, response) -> {
                if (path.startsWith("/v1") && (status.startsWith("4") || status.startsWith("5"))) {
                    org.junit.jupiter.api.Assertions.assertNotNull(
                            spec.get("paths['" + path + "']." + method + ".responses['" + status + "'].content['application/problem+json']"),
                            method + " " + path + " " + status + " has no problem+json body");
                }
            });
        }));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(notNullValue());
    }
}
