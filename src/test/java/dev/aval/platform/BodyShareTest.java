package dev.aval.platform;

import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newDistributor;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import dev.aval.support.Waits;
import io.restassured.RestAssured;

/**
 * One distributor cannot take the whole body budget: found by checks/adversarial.sh, where 8 slow
 * bodies of one distributor, each declaring the largest length allowed (4 MiB) and trickling a byte
 * every few seconds, held all 32 MiB and every other distributor's JSON calls got 503.
 */
@AvalTest
class BodyShareTest {

    private static final int LARGEST = 4 * 1024 * 1024;

    @Test
    void aDistributorHoldingItsShareLeavesTheBudgetToTheOthers() throws Exception {
        String a = newDistributor();
        String aKey = key(a, "INTEGRATION");
        String b = newDistributor();
        String bKey = key(b, "INTEGRATION");
        // 9 bodies of the largest size, declared and never sent: more than the whole budget (32 MiB)
        List<Socket> sockets = new ArrayList<>();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 9; i++) {
                Socket socket = new Socket(URI.create(RestAssured.baseURI).getHost(), RestAssured.port);
                socket.setSoTimeout((int) Waits.TIMEOUT.toMillis());
                sockets.add(socket);
                socket.getOutputStream()
                        .write(("PUT /v1/distributors/" + a + "/customers/52998224725/status HTTP/1.1\r\n"
                                        + "Host: localhost\r\nAuthorization: Bearer " + aKey + "\r\n"
                                        + "Content-Type: application/json\r\nContent-Length: " + LARGEST + "\r\n\r\n{")
                                .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                answers.add(CompletableFuture.supplyAsync(() -> statusLine(socket)));
            }
            // its share (8 MiB) holds two; the others are refused at once
            await().atMost(Waits.TIMEOUT)
                    .until(() ->
                            answers.stream().filter(CompletableFuture::isDone).count() >= 7);
            List<String> refused = answers.stream()
                    .filter(CompletableFuture::isDone)
                    .map(CompletableFuture::join)
                    .toList();
            assertEquals(7, refused.size(), "bodies refused at once: " + refused);
            refused.forEach(s -> assertEquals("HTTP/1.1 503 Service Unavailable", s));

            // meanwhile the other distributor's bodies are read and answered
            as(bKey).body(Map.of("status", "APV"))
                    .put("/v1/distributors/" + b + "/customers/52998224725/status")
                    .then()
                    .statusCode(200);
            assertEquals(
                    2,
                    answers.stream().filter(f -> !f.isDone()).count(),
                    "A's two bodies were still held (within the request deadline) when B was answered");
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        // the held bytes come back once those requests end: A is served again
        await().atMost(Waits.TIMEOUT)
                .untilAsserted(() -> as(aKey).body(Map.of("status", "APV"))
                        .put("/v1/distributors/" + a + "/customers/52998224725/status")
                        .then()
                        .statusCode(200));
    }

    private static String statusLine(Socket socket) {
        try {
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        } catch (java.io.IOException e) {
            return "closed: " + e.getMessage();
        }
    }
}
