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

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.RestAssured;

/** Every failure is problem+json with a code, never a stack trace or a class name. */
@AvalTest
class ErrorsTest {

    @Test
    void unknownPathIs404Problem() {
        admin().get("/v1/nothing-here")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("NOT_FOUND"));
        given().get("/nothing-at-all")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void wrongMethodIs405Problem() {
        String d = newDistributor();
        admin().delete("/v1/distributors/" + d)
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void wrongMediaTypeIs415Problem() {
        String d = newDistributor();
        admin().contentType("text/plain")
                .body("name=x")
                .put("/v1/distributors/" + d)
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void malformedJsonIs400WithoutInternals() {
        String d = newDistributor();
        admin().body("{\"name\": \"x\", ")
                .put("/v1/distributors/" + d)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("MALFORMED_REQUEST"))
                .body(not(containsString("Exception")))
                .body(not(containsString("at com.")));
        admin().body("[]").put("/v1/distributors/" + d).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anyV1PathOrMethodWithoutAValidKeyIs401() {
        String d = newDistributor();
        for (var request : List.of(given(), given().header("Authorization", "Bearer avk_not_a_key"))) {
            request.get("/v1/nothing-here")
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body("code", equalTo("UNAUTHENTICATED"));
        }
        given().delete("/v1/distributors/" + d).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        given().contentType("text/plain")
                .body("name=x")
                .put("/v1/distributors/" + d)
                .then()
                .statusCode(401)
                .body("code", equalTo("UNAUTHENTICATED"));
    }

    @Test
    void anyPathOfAnotherDistributorIs403EvenOneThatDoesNotExist() {
        String mine = newDistributor();
        String other = newDistributor();
        String key = key(mine, "INTEGRATION");
        as(key).get("/v1/distributors/" + other + "/nothing-here")
                .then()
                .statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        as(key).delete("/v1/distributors/" + other).then().statusCode(403);
        as(key).get("/v1/distributors/no-such-distributor/customers").then().statusCode(403);
        // a malformed id or parameter does not make it a 400: whose path it is comes first
        as(key).get("/v1/distributors/" + other + "/credit-accounts/not-a-uuid")
                .then()
                .statusCode(403);
        as(key).queryParam("limit", "x")
                .get("/v1/distributors/" + other + "/customers")
                .then()
                .statusCode(403);
        // and so does the role
        as(key(mine, "CHECKOUT"))
                .delete("/v1/distributors/" + mine + "/api-keys/not-a-uuid")
                .then()
                .statusCode(403);
        as(key).get("/v1/distributors/" + mine + "/credit-accounts/not-a-uuid")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("accountId"));
        // its own unknown paths are plain 404s
        as(key).get("/v1/distributors/" + mine + "/nothing-here")
                .then()
                .statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void oversizedJsonBodyIs413Problem() {
        String d = newDistributor();
        String big = "{\"reason\":\"" + "x".repeat(4_200_000) + "\"}";
        as(key(d, "INTEGRATION"))
                .body(big)
                .put("/v1/distributors/" + d + "/customers/52998224725/status")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void jsonBodiesWithoutALengthAreReadAndLimitedToo() throws Exception {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String path = "/v1/distributors/" + d + "/customers/52998224725/status";
        String small = chunked("PUT", path, key, "{\"status\":\"APV\"}");
        assertTrue(small.startsWith("HTTP/1.1 200"), small);
        // larger than Quarkus REST's input buffer (10 KiB): a batch of 1,000 items, ~60 KB
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            items.append(i == 0 ? "" : ",")
                    .append("{\"document\":\"")
                    .append(Api.newCpf())
                    .append("\",\"status\":\"APV\"}");
        }
        String batch =
                chunked("POST", "/v1/distributors/" + d + "/customers/statuses", key, "{\"items\":[" + items + "]}");
        assertTrue(batch.startsWith("HTTP/1.1 200"), batch.substring(0, Math.min(400, batch.length())));
        assertTrue(batch.contains("\"index\":999"), "all 1,000 results");
        // without a key nothing is read: 401
        String anonymous = chunked("PUT", path, null, "{\"status\":\"RPV\"}");
        assertTrue(anonymous.startsWith("HTTP/1.1 401"), anonymous);
        String tooBig = "{\"status\":\"RPV\",\"reason\":\"" + "x".repeat(4_200_000) + "\"}";
        // JSON, and types Quarkus REST would still hand to this JSON endpoint as compatible
        for (String type : new String[] {"application/json", "application/*", "*/*"}) {
            String big = chunked("PUT", path, key, type, tooBig);
            assertTrue(big.startsWith("HTTP/1.1 413"), type + ": " + big.substring(0, Math.min(300, big.length())));
            assertTrue(
                    big.contains("\"code\":\"PAYLOAD_TOO_LARGE\""),
                    type + ": " + big.substring(0, Math.min(300, big.length())));
        }
        as(key).get("/v1/distributors/" + d + "/customers/52998224725").then().body("status", equalTo("APV"));
    }

    @Test
    void aBodyIsNotReadBeforeItsKeyIsAccepted() throws Exception {
        String d = newDistributor();
        String path = "/v1/distributors/" + d + "/customers/52998224725/status";
        // the head and a first chunk of a 4 MB body announced chunked: the answer must come without the rest
        for (String key : new String[] {"avk_junk", "avk_" + "A".repeat(43)}) {
            URI uri = URI.create(RestAssured.baseURI);
            try (Socket socket = new Socket(uri.getHost(), RestAssured.port)) {
                socket.setSoTimeout(10_000);
                var out = socket.getOutputStream();
                out.write(("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(4_000_000) + "\r\n{\"status\":\"APV\",\"reason\":\"")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
                assertTrue(answer.contains("\"code\":\"UNAUTHENTICATED\""), answer);
            }
        }
    }

    /** Sends the body with Transfer-Encoding: chunked (no Content-Length) and returns the raw answer. */
    private static String chunked(String method, String path, String key, String body) throws Exception {
        return chunked(method, path, key, "application/json", body);
    }

    private static String chunked(String method, String path, String key, String type, String body) throws Exception {
        try (Socket socket = new Socket(URI.create(RestAssured.baseURI).getHost(), RestAssured.port)) {
            socket.setSoTimeout(20_000);
            var out = new java.io.BufferedOutputStream(socket.getOutputStream());
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                            + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                            + "Content-Type: " + type + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try {
                for (int at = 0; at < bytes.length; at += 65_536) {
                    int n = Math.min(65_536, bytes.length - at);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, at, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException refusedMidway) {
                // the server may answer and close before the whole body is sent
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBodyOverTheHttpLimitIs413ProblemBeforeItIsRead() throws Exception {
        // only the head is sent: the answer must come without the 100 MB announced
        String answer = headOnly("Authorization: Bearer " + Api.ADMIN_KEY + "\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
        assertTrue(answer.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer);
        // without a key the key is refused first, just as unread
        String anonymous = headOnly("");
        assertTrue(anonymous.startsWith("HTTP/1.1 401"), anonymous);
        assertTrue(anonymous.contains("\"code\":\"UNAUTHENTICATED\""), anonymous);
    }

    private static String headOnly(String headers) throws Exception {
        URI uri = URI.create(RestAssured.baseURI);
        try (Socket socket = new Socket(uri.getHost(), RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /v1/distributors/x/credit-accounts/imports HTTP/1.1\r\n"
                                    + "Host: localhost\r\nContent-Type: text/csv\r\nContent-Length: 100000000\r\n"
                                    + headers + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void problemsCarryTypeTitleStatusDetailAndCode() {
        admin().get("/v1/distributors/no-such-one")
                .then()
                .statusCode(404)
                .body("type", containsString("distributor-not-found"))
                .body("title", equalTo("Not found"))
                .body("status", equalTo(404))
                .body("detail", containsString("no-such-one"))
                .body("code", equalTo("DISTRIBUTOR_NOT_FOUND"));
    }
}
