package dev.aval.events;

import static dev.aval.support.Api.as;
import static dev.aval.support.Waits.TIMEOUT;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import io.restassured.path.json.JsonPath;

/** Reads a distributor's feed over HTTP, as an integrator would. */
public final class Feed {

    private Feed() {}

    public static String path(String d) {
        return "/v1/distributors/" + d + "/events";
    }

    public static JsonPath page(String key, String d, long after) {
        return as(key).queryParam("after", after)
                .get(path(d))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Every event after 0, waiting (bounded) until there are at least {@code count}. */
    public static List<Map<String, Object>> atLeast(String key, String d, int count) {
        List<Map<String, Object>> seen = new ArrayList<>();
        long[] after = {0};
        Awaitility.await()
                .atMost(TIMEOUT)
                .pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> {
                    JsonPath page = page(key, d, after[0]);
                    seen.addAll(page.getList("items"));
                    after[0] = page.getLong("nextAfter");
                    return seen.size() >= count;
                });
        return seen;
    }

    /** The data of the events of one type among {@code events}. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> data(List<Map<String, Object>> events, String type) {
        return events.stream()
                .filter(e -> type.equals(e.get("type")))
                .map(e -> (Map<String, Object>) e.get("data"))
                .toList();
    }
}
