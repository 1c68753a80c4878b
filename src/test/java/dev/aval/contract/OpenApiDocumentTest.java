package dev.aval.contract;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import dev.aval.support.ContractCheck;

/**
 * The served OpenAPI document is the kept one ({@code src/main/openapi/openapi.yaml}): every
 * change of the contract shows in review as a change of that file. After changing the API on
 * purpose, run {@code ./mvnw test -Dtest=OpenApiDocumentTest -Dopenapi.update=true} and commit the
 * file with the change.
 */
@AvalTest
class OpenApiDocumentTest {

    @Test
    void servedDocumentIsTheKeptOne() throws IOException {
        String served = given().accept("application/yaml")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Path kept = ContractCheck.DOCUMENT;
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(kept, served, StandardCharsets.UTF_8);
        }
        Path copy = Path.of("target", "openapi-served.yaml");
        Files.writeString(copy, served, StandardCharsets.UTF_8);
        assertEquals(
                Files.readString(kept, StandardCharsets.UTF_8),
                served,
                "the served OpenAPI document differs from "
                        + kept + " (served copy: " + copy
                        + "); if the change is intended, rerun with -Dopenapi.update=true "
                        + "and commit the document");
    }

    /** api.md "Conventions": generated clients read naturally — a camelCase verb + noun id and a tag on each operation. */
    @Test
    void everyOperationHasAStableCamelCaseIdAndATag() {
        Map<String, Map<String, Map<String, Object>>> paths = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("paths");
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        paths.forEach((path, item) -> item.forEach((method, raw) -> {
            if (!Set.of("get", "put", "post", "patch", "delete").contains(method)) {
                return;
            }
            Object id = raw.get("operationId");
            String where = method.toUpperCase() + " " + path;
            if (!(id instanceof String s) || !s.matches("[a-z]+[A-Z][A-Za-z]*")) {
                problems.add(where + ": operationId " + id + " is not camelCase verb + noun");
            } else if (!ids.add(s)) {
                problems.add(where + ": operationId " + s + " is used twice");
            }
            if (!(raw.get("tags") instanceof List<?> tags) || tags.isEmpty()) {
                problems.add(where + ": no tag");
            }
        }));
        assertEquals(List.of(), problems);
    }

    private static Map<String, Map<String, Map<String, Object>>> paths() {
        return given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("paths");
    }

    /** Each operation of the document, as "METHOD /path" and its object. */
    private static Map<String, Map<String, Object>> operations() {
        Map<String, Map<String, Object>> operations = new java.util.TreeMap<>();
        paths().forEach((path, item) -> item.forEach((method, op) -> {
            if (Set.of("get", "put", "post", "patch", "delete").contains(method)) {
                operations.put(method.toUpperCase() + " " + path, op);
            }
        }));
        return operations;
    }

    /**
     * Generated clients take parameters in the document's order: path parameters come first, in
     * the order the path names them, so {@code placeHold(distributorId, accountId, …)} reads like
     * the path and two ids cannot silently trade places.
     */
    @Test
    void pathParametersComeFirstInPathOrder() {
        List<String> problems = new ArrayList<>();
        operations().forEach((where, op) -> {
            List<String> expected = new ArrayList<>();
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(where);
            while (m.find()) {
                expected.add(m.group(1));
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parameters = (List<Map<String, Object>>) op.getOrDefault("parameters", List.of());
            List<String> first = parameters.stream()
                    .limit(expected.size())
                    .map(p -> p.get("in") + ":" + p.get("name"))
                    .toList();
            List<String> wanted = expected.stream().map(n -> "path:" + n).toList();
            if (!first.equals(wanted)) {
                problems.add(where + ": parameters start " + first + ", not " + wanted);
            }
        });
        assertEquals(List.of(), problems);
    }

    /** The admin key may name any distributor: every operation under one documents its 404 DISTRIBUTOR_NOT_FOUND. */
    @Test
    @SuppressWarnings("unchecked")
    void everyOperationOfADistributorDocumentsDistributorNotFound() {
        List<String> problems = new ArrayList<>();
        operations().forEach((where, op) -> {
            if (!where.contains(" /v1/distributors/{distributorId}")) {
                return;
            }
            Map<String, Object> notFound = ((Map<String, Map<String, Object>>) op.get("responses")).get("404");
            if (notFound == null || !String.valueOf(notFound.get("description")).contains("DISTRIBUTOR_NOT_FOUND")) {
                problems.add(where + ": 404 " + (notFound == null ? "missing" : notFound.get("description")));
            }
        });
        assertEquals(List.of(), problems);
    }

    /**
     * Every answer a client can meet is documented: 406 wherever the answer has a body (its
     * Accept may allow none of it), 415 wherever the request has one.
     */
    @Test
    @SuppressWarnings("unchecked")
    void notAcceptableAndUnsupportedMediaTypeAreDocumentedWhereTheyCanHappen() {
        List<String> problems = new ArrayList<>();
        operations().forEach((where, op) -> {
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.get("responses");
            boolean answersABody = responses.entrySet().stream()
                    .anyMatch(r -> r.getKey().startsWith("2") && r.getValue().get("content") != null);
            if (answersABody != responses.containsKey("406")) {
                problems.add(where + ": 406 " + (answersABody ? "missing" : "documented without a body to refuse"));
            }
            if (op.get("requestBody") != null && !responses.containsKey("415")) {
                problems.add(where + ": 415 missing");
            }
        });
        assertEquals(List.of(), problems);
    }

    /**
     * A CSV answer is a file (generators read anything else as JSON), and where JSON is also
     * answered it comes first (generators type the method by the first media type).
     */
    @Test
    @SuppressWarnings("unchecked")
    void csvAnswersAreFilesAndJsonComesFirst() {
        List<String> csv = new ArrayList<>();
        operations()
                .forEach((where, op) -> ((Map<String, Map<String, Object>>) op.get("responses"))
                        .forEach((status, response) -> {
                            Map<String, Map<String, Object>> content =
                                    (Map<String, Map<String, Object>>) response.get("content");
                            if (!status.startsWith("2") || content == null || !content.containsKey("text/csv")) {
                                return;
                            }
                            Map<String, Object> schema = (Map<String, Object>)
                                    content.get("text/csv").get("schema");
                            csv.add(where + " " + schema.get("type") + "/" + schema.get("format") + " first: "
                                    + content.keySet().iterator().next());
                        }));
        assertEquals(
                List.of(
                        "GET /v1/distributors/{distributorId}/credit-accounts/imports/template string/binary first: text/csv",
                        "GET /v1/distributors/{distributorId}/credit-accounts/imports/{importId}/errors string/binary first: application/json"),
                csv);
    }

    /** The document describes the API only: no schema that no operation reaches (the console's page types). */
    @Test
    void everySchemaIsReachedFromAnOperation() throws IOException {
        String served = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Map<String, Object> schemas = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .extract()
                .jsonPath()
                .getMap("components.schemas");
        List<String> unused = schemas.keySet().stream()
                .filter(name -> !served.contains("\"#/components/schemas/" + name + "\""))
                .toList();
        assertEquals(List.of(), unused);
    }
}
