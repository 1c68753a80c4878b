package dev.aval.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import io.restassured.path.json.JsonPath;

@AvalTest
class OperationsTest {

    @Test
    void healthProbesAreUpWithTheDatabase() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(containsString("Reactive PostgreSQL"));
    }

    @Test
    void metricsArePrometheusText() {
        dev.aval.support.Api.admin().get("/v1/me").then().statusCode(200);
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("http_server_requests_seconds"))
                .body(
                        containsString(
                                "aval_eligibility_decisions_total{method=\"BOLETO_FATURADO\",reason=\"CUSTOMER_NOT_APPROVED\"}"))
                .body(containsString("aval_holds_total{outcome=\"CREDIT_INSUFFICIENT\"}"));
    }

    @Test
    void openApiDescribesEveryEndpointWithProblemsAndEnums() {
        var spec = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String path : new String[] {
            "/v1/distributors/{distributorId}",
            "/v1/distributors/{distributorId}/api-keys",
            "/v1/distributors/{distributorId}/api-keys/{keyId}",
            "/v1/distributors/{distributorId}/customers",
            "/v1/distributors/{distributorId}/customers/{document}",
            "/v1/distributors/{distributorId}/customers/{document}/status",
            "/v1/distributors/{distributorId}/customers/statuses",
            "/v1/distributors/{distributorId}/customers/{document}/status-history",
            "/v1/distributors/{distributorId}/eligibility",
            "/v1/me"
        }) {
            org.junit.jupiter.api.Assertions.assertNotNull(spec.get("paths['" + path + "']"), path);
        }
        org.junit.jupiter.api.Assertions.assertNotNull(spec.get("components.schemas.Problem"));
        org.junit.jupiter.api.Assertions.assertEquals(
                java.util.List.of("PEN", "APV", "RPV"), spec.getList("components.schemas.CustomerStatus.enum"));
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
            org.junit.jupiter.api.Assertions.assertTrue(
                    responses.keySet().stream().anyMatch(c -> c.startsWith("2")),
                    method + " " + path + " documents no 2xx answer");
            // and every error it documents comes as problem+json
            responses.forEach((status, response) -> {
                if (path.startsWith("/v1") && (status.startsWith("4") || status.startsWith("5"))) {
                    org.junit.jupiter.api.Assertions.assertNotNull(
                            spec.get("paths['" + path + "']." + method + ".responses['" + status
                                    + "'].content['application/problem+json']"),
                            method + " " + path + " " + status + " has no problem+json body");
                }
            });
        }));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(notNullValue());
    }

    private static final String D = "/v1/distributors/{distributorId}";

    @Test
    void openApiDocumentsBadRequestWhereverInputIsValidated() {
        JsonPath spec = openApi();
        for (Op op : v1Operations(spec)) {
            boolean validatedInput = op.has("requestBody")
                    || op.parameters().stream()
                            // every path parameter is checked too: ids are UUIDs, none may hold NUL
                            .anyMatch(p -> "query".equals(p.get("in")) || "path".equals(p.get("in")));
            assertEquals(
                    validatedInput,
                    op.responses().containsKey("400"),
                    op + ": 400 documented iff it has input to validate");
            if (validatedInput) {
                assertThat(
                        op.toString(),
                        spec.getString(op.at() + ".responses['400'].description"),
                        containsString("VALIDATION_FAILED"));
            }
        }
        // the GETs whose parameters (status, documentType, {document}, limit, cursor) answer 400
        for (String path : List.of(
                D + "/customers",
                D + "/customers/{document}",
                D + "/customers/{document}/status-history",
                D + "/api-keys",
                D + "/credit-accounts/imports",
                D + "/credit-accounts/imports/{importId}/errors",
                D + "/credit-accounts/{accountId}/holds")) {
            assertNotNull(
                    spec.get("paths['" + path + "'].get.responses['400'].content['application/problem+json']"),
                    "GET " + path);
        }
        // an id that is not a UUID is refused before SQL (api.md bounds): 400 names it
        assertThat(
                spec.getString(
                        "paths['" + D + "/credit-accounts/{accountId}/holds/{holdId}/release'].post.responses['400']"
                                + ".description"),
                containsString("holdId"));
    }

    @Test
    void openApiDescribesQueryParametersWithAFixedValueSetAsEnums() {
        JsonPath spec = openApi();
        assertEquals(List.of("PEN", "APV", "RPV"), queryEnum(spec, "get", D + "/customers", "status"));
        for (String path : List.of(
                D + "/customers/{document}", D + "/customers/{document}/status-history", D + "/credit-accounts")) {
            assertEquals(List.of("CPF", "CNPJ", "OTHER"), queryEnum(spec, "get", path, "documentType"), path);
        }
        assertEquals(List.of("OPEN", "CLOSED"), queryEnum(spec, "get", D + "/credit-accounts", "status"));
        assertEquals(
                List.of("ACTIVE", "CAPTURED", "RELEASED", "EXPIRED"),
                queryEnum(spec, "get", D + "/credit-accounts/{accountId}/holds", "status"));
        assertEquals(
                List.of("OPEN", "PAID", "CANCELLED"),
                queryEnum(spec, "get", D + "/credit-accounts/{accountId}/invoices", "status"));
        assertEquals(
                List.of("CREATE", "UPDATE", "UPSERT"), queryEnum(spec, "post", D + "/credit-accounts/imports", "mode"));
        assertEquals(
                "boolean",
                querySchema(spec, "post", D + "/credit-accounts/imports", "dryRun")
                        .get("type"));
        assertEquals(
                "boolean",
                querySchema(spec, "get", D + "/credit-accounts/{accountId}/invoices", "overdue")
                        .get("type"));
        // and none of these names is a plain string anywhere
        for (Op op : v1Operations(spec)) {
            for (Map<String, Object> p : op.parameters()) {
                if ("query".equals(p.get("in"))
                        && List.of("status", "documentType", "mode").contains(p.get("name"))) {
                    assertNotNull(
                            queryEnum(spec, op.method(), op.path(), (String) p.get("name")), op + " " + p.get("name"));
                }
            }
        }
    }

    @Test
    void openApiDocumentsPayloadTooLargeOnEveryJsonBody() {
        JsonPath spec = openApi();
        int jsonBodies = 0;
        for (Op op : v1Operations(spec)) {
            if (spec.get(op.at() + ".requestBody.content['application/json']") != null) {
                jsonBodies++;
                assertThat(
                        op.toString(),
                        spec.getString(op.at() + ".responses['413'].description"),
                        containsString("PAYLOAD_TOO_LARGE"));
                assertNotNull(
                        spec.get(op.at() + ".responses['413'].content['application/problem+json']"), op.toString());
            }
        }
        assertTrue(jsonBodies >= 14, "only " + jsonBodies + " operations with a JSON body");
        // the batch keeps its own reason, and the CSV upload its file limit
        assertThat(
                spec.getString("paths['" + D + "/customers/statuses'].post.responses['413'].description"),
                containsString("1,000 items"));
        assertThat(
                spec.getString("paths['" + D + "/credit-accounts/imports'].post.responses['413'].description"),
                containsString("aval.import.max-file-size"));
    }

    @Test
    void openApiRequiresTheApiKeyAsBearerOnEveryV1Operation() {
        JsonPath spec = openApi();
        // Swagger UI's Authorize then sends 'Authorization: Bearer <key>', as api.md asks
        assertEquals("http", spec.getString("components.securitySchemes.apiKey.type"));
        assertEquals("bearer", spec.getString("components.securitySchemes.apiKey.scheme"));
        for (Op op : v1Operations(spec)) {
            assertEquals(List.of(Map.of("apiKey", List.of())), op.body().get("security"), op.toString());
        }
        // no document-wide requirement: /q/ needs no key
        assertNull(spec.get("security"));
    }

    /** The enum values of a query parameter, its schema's own or those of the schema it refers to. */
    @SuppressWarnings("unchecked")
    private static List<String> queryEnum(JsonPath spec, String method, String path, String name) {
        Map<String, Object> schema = querySchema(spec, method, path, name);
        if (schema.containsKey("$ref")) {
            String ref = (String) schema.get("$ref");
            schema = spec.getMap("components.schemas." + ref.substring(ref.lastIndexOf('/') + 1));
        }
        List<String> values = (List<String>) schema.get("enum");
        assertNotNull(values, method + " " + path + " " + name + " is not an enum: " + schema);
        return values;
    }

    private static Map<String, Object> querySchema(JsonPath spec, String method, String path, String name) {
        Map<String, Object> schema = spec.getMap("paths['" + path + "']." + method
                + ".parameters.find { it.in == 'query' && it.name == '" + name + "' }.schema");
        assertNotNull(schema, method + " " + path + " has no query parameter " + name);
        return schema;
    }

    private static JsonPath openApi() {
        return given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** One operation of the served document. */
    private record Op(String method, String path, Map<String, Object> body) {

        /** Its GPath in the document. */
        String at() {
            return "paths['" + path + "']." + method;
        }

        boolean has(String member) {
            return body.containsKey(member);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parameters() {
            return (List<Map<String, Object>>) body.getOrDefault("parameters", List.of());
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> responses() {
            return (Map<String, Object>) body.get("responses");
        }

        @Override
        public String toString() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }
    }

    private static List<Op> v1Operations(JsonPath spec) {
        Map<String, Map<String, Map<String, Object>>> paths = spec.getMap("paths");
        List<Op> ops = new ArrayList<>();
        paths.forEach((path, item) -> item.forEach((method, op) -> {
            if (path.startsWith("/v1")) {
                ops.add(new Op(method, path, op));
            }
        }));
        assertFalse(ops.isEmpty());
        return ops;
    }
}
