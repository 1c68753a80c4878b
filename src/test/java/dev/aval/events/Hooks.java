package dev.aval.events;

import static dev.aval.support.Api.as;
import static dev.aval.support.Waits.TIMEOUT;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;

import io.restassured.path.json.JsonPath;

/** Webhook helpers for the tests, and an independent check of Standard Webhooks signatures. */
final class Hooks {

    private Hooks() {}

    static String path(String d) {
        return "/v1/distributors/" + d + "/webhooks";
    }

    /** Registers the endpoint and answers {id, secret, …}. */
    static JsonPath register(String key, String d, String url, List<String> types) {
        Map<String, Object> body = types == null ? Map.of("url", url) : Map.of("url", url, "types", types);
        return as(key).body(body).post(path(d)).then().statusCode(201).extract().jsonPath();
    }

    static List<Map<String, Object>> deliveries(String key, String d, String webhookId, String status) {
        var request = as(key);
        if (status != null) {
            request = request.queryParam("status", status);
        }
        return request.get(path(d) + "/" + webhookId + "/deliveries")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
    }

    /** Waits (bounded) until the endpoint's delivery log satisfies the condition, and answers it. */
    static List<Map<String, Object>> awaitDeliveries(
            String key, String d, String webhookId, Predicate<List<Map<String, Object>>> condition) {
        List<Map<String, Object>>[] last = new List[1];
        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> {
                    last[0] = deliveries(key, d, webhookId, null);
                    return condition.test(last[0]);
                });
        return last[0];
    }

    /**
     * Standard Webhooks, written here from the scheme and not with the service's code: base64 of
     * HMAC-SHA256 over "id.timestamp.body", keyed with the base64-decoded secret after "whsec_";
     * true when one of the space-separated "v1,…" signatures matches.
     */
    static boolean signedWith(String secret, Receiver.Hit hit) throws Exception {
        String id = hit.header("webhook-id");
        String timestamp = hit.header("webhook-timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1,"
                + Base64.getEncoder()
                        .encodeToString(
                                mac.doFinal((id + "." + timestamp + "." + hit.body).getBytes(StandardCharsets.UTF_8)));
        return Arrays.asList(hit.header("webhook-signature").split(" ")).contains(expected);
    }
}
