package dev.aval.eligibility;

import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import dev.aval.support.Sql;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Eligibility reads on the pipelined client's connections, one per event loop
 * ({@code PipelinedReads}): they are really used, and when PostgreSQL drops them the service opens
 * new ones by itself.
 */
@AvalTest
class EligibilityConnectionTest {

    @Inject
    Pool pool;

    private long eventLoopConnections() {
        return Sql.count(pool, "select count(*) from pg_stat_activity where application_name = 'aval-event-loop'");
    }

    private static int decide(String d, String key, String cpf) {
        return as(key).body(Map.of("document", cpf, "cartTotal", 10))
                .post("/v1/distributors/" + d + "/eligibility")
                .then()
                .extract()
                .statusCode();
    }

    @Test
    void eligibilityRunsOnTheEventLoopConnectionsAndSurvivesTheirLoss() {
        String d = newDistributor();
        String key = key(d, "CHECKOUT");
        // a new document each call: the snapshot cache would answer a repeated one without a read
        for (int i = 0; i < 8; i++) {
            assertEquals(200, decide(d, key, newCpf()));
        }
        assertTrue(eventLoopConnections() > 0, "eligibility should hold its own connections");

        pool.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'aval-event-loop'")
                .execute()
                .await()
                .atMost(TIMEOUT);

        // a call racing the termination may see 503 (like any pool); within a moment all are 200 again
        List<Integer> answers = new ArrayList<>();
        int[] consecutiveOk = {0};
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    int status = decide(d, key, newCpf());
                    answers.add(status);
                    consecutiveOk[0] = status == 200 ? consecutiveOk[0] + 1 : 0;
                    assertTrue(consecutiveOk[0] >= 8, "eligibility did not recover: " + answers);
                });
        assertTrue(answers.stream().allMatch(s -> s == 200 || s == 503), "unexpected answers: " + answers);
        assertTrue(eventLoopConnections() > 0, "new connections should have been opened");
    }

    @Test
    void simultaneousCallsEachGetTheirOwnCustomersAnswer() throws Exception {
        // concurrent calls share their event loop's pipelined connection: no answer may be another call's
        String d = newDistributor();
        String integration = key(d, "INTEGRATION");
        String checkout = key(d, "CHECKOUT");
        String[] statuses = {"APV", "PEN", "RPV"};
        Map<String, String> statusOf = new HashMap<>();
        for (int i = 0; i < 24; i++) {
            String cpf = newCpf();
            String status = statuses[i % 3];
            as(integration)
                    .body(Map.of("status", status))
                    .put("/v1/distributors/" + d + "/customers/" + cpf + "/status")
                    .then()
                    .statusCode(200);
            statusOf.put(cpf, status);
        }
        statusOf.put(newCpf(), "PEN"); // never integrated
        List<String> calls = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            calls.addAll(statusOf.keySet());
        }
        ExecutorService clients = Executors.newFixedThreadPool(32);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (String cpf : calls) {
                answers.add(clients.submit(() -> {
                    JsonPath answer = as(checkout)
                            .body(Map.of("document", cpf, "cartTotal", 10))
                            .post("/v1/distributors/" + d + "/eligibility")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    return answer.getString("document") + " " + answer.getString("status");
                }));
            }
            for (int i = 0; i < calls.size(); i++) {
                String cpf = calls.get(i);
                assertEquals(cpf + " " + statusOf.get(cpf), answers.get(i).get(30, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
