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
}
