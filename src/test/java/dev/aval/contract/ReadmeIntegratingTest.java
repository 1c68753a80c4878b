package dev.aval.contract;

import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.aval.support.AvalTest;

/**
 * The README's "Integrating" snippet that verifies a webhook signature is the code below (the
 * test fails when they differ), and it accepts a real delivery of the service, received on
 * loopback, and refuses a changed body, another secret and an old timestamp.
 */
@AvalTest
class ReadmeIntegratingTest {

    // README:begin
    static boolean verify(String secret, String id, String timestamp, String signatures, byte[] body)
            throws GeneralSecurityException {
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return false; // older than 5 minutes: a replayed delivery
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = Base64.getEncoder().encode(mac.doFinal(body));
        for (String signature : signatures.split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, signature.substring(3).getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }
    // README:end

    private record Delivery(String id, String timestamp, String signature, byte[] body) {}

    @Test
    void theReadmeShowsThisVerifier() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/aval/contract/ReadmeIntegratingTest.java"));
        Matcher snippet = Pattern.compile("// README:begin\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL)
                .matcher(source);
        assertTrue(snippet.find());
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(
                unindented(readme).contains(unindented(snippet.group(1))),
                "README.md's webhook snippet differs from ReadmeIntegratingTest.verify");
    }

    @Test
    void aRealDeliveryVerifiesAndATamperedOneDoesNot() throws Exception {
        List<Delivery> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                received.add(new Delivery(
                        exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"),
                        exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        try {
            String d = newDistributor();
            String key = key(d, "INTEGRATION");
            String secret = as(key).body(Map.of(
                            "url",
                            "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                            "types",
                            List.of("customer.status_changed")))
                    .post("/v1/distributors/" + d + "/webhooks")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("secret");
            as(key).body(Map.of("status", "APV"))
                    .put("/v1/distributors/" + d + "/customers/" + newCpf() + "/status")
                    .then()
                    .statusCode(200);
            Delivery delivery =
                    await().atMost(TIMEOUT).until(() -> received.isEmpty() ? null : received.get(0), r -> r != null);

            assertTrue(verify(secret, delivery.id(), delivery.timestamp(), delivery.signature(), delivery.body()));
            byte[] changed = new String(delivery.body(), StandardCharsets.UTF_8)
                    .replace("APV", "RPV")
                    .getBytes(StandardCharsets.UTF_8);
            assertFalse(verify(secret, delivery.id(), delivery.timestamp(), delivery.signature(), changed));
            String other = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
            assertFalse(verify(other, delivery.id(), delivery.timestamp(), delivery.signature(), delivery.body()));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void anOldTimestampIsRefusedEvenWellSigned() throws Exception {
        String secret = "whsec_" + Base64.getEncoder().encodeToString("a test secret of 32 bytes length".getBytes());
        byte[] body = "{\"type\":\"hold.placed\"}".getBytes(StandardCharsets.UTF_8);
        String now = Long.toString(Instant.now().getEpochSecond());
        String old = Long.toString(Instant.now().getEpochSecond() - 600);
        assertTrue(verify(secret, "evt_1", now, "v1,x v1," + sign(secret, "evt_1", now, body), body));
        assertFalse(verify(secret, "evt_1", old, "v1," + sign(secret, "evt_1", old, body), body));
        assertEquals(false, verify(secret, "evt_1", now, "v2," + sign(secret, "evt_1", now, body), body));
    }

    /** The scheme written out independently of {@link #verify}: base64(HMAC-SHA256(key, id.timestamp.body)). */
    private static String sign(String secret, String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        byte[] signed = (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(mac.doFinal(signed));
    }

    private static String unindented(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, b) -> a + b + "\n");
    }
}
