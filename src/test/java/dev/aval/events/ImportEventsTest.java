package dev.aval.events;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static dev.aval.support.Waits.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * An import's events: each applied row is a {@code credit_account.opened} or {@code .updated} in
 * the chunk's transaction (none for a dry run, an unchanged row or a row that failed), and the job's
 * end is {@code import.completed} or {@code import.failed} with the job as the API answers it.
 */
@AvalTest
class ImportEventsTest {

    private static final String HEADER = "documentType,document,email,creditLimit,tolerance\n";

    @Inject
    Pool pool;

    /** A distributor with an INTEGRATION key, whose id is what the import records as actor. */
    private record Tenant(String id, String key, String keyId) {
        static Tenant create() {
            String id = newDistributor();
            JsonPath issued = admin().body(Map.of("name", "integration", "role", "INTEGRATION"))
                    .post("/v1/distributors/" + id + "/api-keys")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            return new Tenant(id, issued.getString("key"), issued.getString("id"));
        }

        String imports() {
            return "/v1/distributors/" + id + "/credit-accounts/imports";
        }
    }

    /** Uploads the CSV and waits for the job to end; answers the job as GET answers it. */
    private static Map<String, Object> importCsv(Tenant t, String mode, String csv, String query) {
        Response accepted = given().header("Authorization", "Bearer " + t.key())
                .contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post(t.imports() + "?mode=" + mode + query);
        accepted.then().statusCode(202);
        String id = accepted.path("id");
        return Awaitility.await("import " + id + " ending")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> given().header("Authorization", "Bearer " + t.key())
                                .get(t.imports() + "/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getMap(""),
                        job -> job.get("status").equals("COMPLETED")
                                || job.get("status").equals("FAILED"));
    }

    private static String rows(List<String> documents, String limit) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (String d : documents) {
            csv.append("CPF,").append(d).append(",compras-").append(d).append("@cliente.com.br,");
            csv.append(limit).append(",0.1\n");
        }
        return csv.toString();
    }

    private static List<String> documents(int n) {
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(newCpf());
        }
        return list;
    }

    /**
     * Every event until the job's end event for {@code importId} is in the feed (the chunks' events
     * commit before it), from after {@code after}.
     */
    private static List<Map<String, Object>> untilEnd(Tenant t, long after, Object importId) {
        List<Map<String, Object>> seen = new ArrayList<>();
        long[] cursor = {after};
        Awaitility.await("the end of import " + importId + " in the feed")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    JsonPath page = given().header("Authorization", "Bearer " + t.key())
                            .queryParam("after", cursor[0])
                            .queryParam("limit", 500)
                            .get(Feed.path(t.id()))
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    seen.addAll(page.getList("items"));
                    cursor[0] = page.getLong("nextAfter");
                    return seen.stream()
                            .anyMatch(e -> importId.equals(e.get("subject"))
                                    && ((String) e.get("type")).startsWith("import."));
                });
        return seen;
    }

    private static long last(List<Map<String, Object>> events) {
        return ((Number) events.get(events.size() - 1).get("sequence")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> event) {
        return (Map<String, Object>) event.get("data");
    }

    private static List<Map<String, Object>> ofType(List<Map<String, Object>> events, String type) {
        return events.stream().filter(e -> type.equals(e.get("type"))).toList();
    }

    @Test
    void anImportOfNRowsIsNAccountEventsAndOneCompleted() {
        Tenant t = Tenant.create();
        List<String> documents = documents(120); // three chunks of 50 in tests
        Map<String, Object> job = importCsv(t, "CREATE", rows(documents, "1000.00"), "");
        assertEquals("COMPLETED", job.get("status"));
        assertEquals(120, job.get("createdCount"));

        List<Map<String, Object>> events = untilEnd(t, 0, job.get("id"));
        assertEquals(121, events.size(), "120 accounts and the end");
        List<Map<String, Object>> opened = ofType(events, "credit_account.opened");
        assertEquals(120, opened.size());
        Set<Object> seen = new HashSet<>();
        for (Map<String, Object> e : opened) {
            Map<String, Object> account = data(e);
            assertEquals(e.get("subject"), account.get("id"));
            assertTrue(seen.add(account.get("document")), "one event per row");
            assertEquals("OPEN", account.get("status"));
            assertEquals(1000.0f, account.get("creditLimit"));
            assertEquals(1, account.get("version"));
            assertEquals("import:" + job.get("id"), account.get("reason"));
            assertEquals(t.keyId(), account.get("actor"));
        }
        assertEquals(new HashSet<>(documents), seen);
        // the account as the API answers it
        Map<String, Object> one = data(opened.get(7));
        Map<String, Object> read = given().header("Authorization", "Bearer " + t.key())
                .get("/v1/distributors/" + t.id() + "/credit-accounts/" + one.get("id"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        read.forEach((member, value) -> assertEquals(value, one.get(member), member));
        Map<String, Object> end = events.get(120);
        assertEquals("import.completed", end.get("type"));
        assertEquals(job.get("id"), end.get("subject"));
        assertEquals(job, data(end));

        // again in UPSERT mode with 10 limits changed: 10 updated, the unchanged rows are no event
        List<String> changed = documents.subList(30, 40);
        StringBuilder csv = new StringBuilder(rows(documents.subList(0, 30), "1000.00"));
        csv.append(rows(changed, "2500.00").substring(HEADER.length()));
        csv.append(rows(documents.subList(40, 120), "1000.00").substring(HEADER.length()));
        Map<String, Object> upsert = importCsv(t, "UPSERT", csv.toString(), "");
        assertEquals(10, upsert.get("updatedCount"));
        assertEquals(110, upsert.get("unchangedCount"));
        List<Map<String, Object>> second = untilEnd(t, last(events), upsert.get("id"));
        assertEquals(11, second.size());
        List<Map<String, Object>> updated = ofType(second, "credit_account.updated");
        assertEquals(10, updated.size());
        Set<Object> updatedDocuments = new HashSet<>();
        for (Map<String, Object> e : updated) {
            assertEquals(2500.0f, data(e).get("creditLimit"));
            assertEquals(2, data(e).get("version"));
            assertEquals(List.of(), data(e).get("holders"));
            updatedDocuments.add(data(e).get("document"));
        }
        assertEquals(new HashSet<>(changed), updatedDocuments);
        assertEquals("import.completed", second.get(10).get("type"));

        // a dry run changes nothing: no account event, only its end
        Map<String, Object> dry = importCsv(t, "UPSERT", rows(documents.subList(0, 5), "9.00"), "&dryRun=true");
        List<Map<String, Object>> third = untilEnd(t, last(second), dry.get("id"));
        assertEquals(1, third.size());
        assertEquals(true, data(third.get(0)).get("dryRun"));
        assertEquals(5, data(third.get(0)).get("updatedCount"));
    }

    /**
     * A row the database refuses at insert fails its whole chunk, which is rolled back — events
     * included — then applied row by row: the other rows' events are there once, the refused row's
     * never.
     */
    @Test
    void aChunkThatFailsLeavesNoEventAndItsGoodRowsAreThereOnce() {
        Tenant t = Tenant.create();
        List<String> documents = documents(60);
        String refused = documents.get(17);
        pool.query("""
                        create or replace function refuse_import_row() returns trigger language plpgsql as $$
                        begin
                          if new.email like 'compras-%s@%%' then raise exception 'refused row'; end if;
                          return new;
                        end $$""".formatted(refused)).execute().await().atMost(TIMEOUT);
        pool.query("create trigger refuse_import_row before insert on credit_account for each row"
                        + " execute function refuse_import_row()")
                .execute()
                .await()
                .atMost(TIMEOUT);
        Map<String, Object> job;
        try {
            job = importCsv(t, "CREATE", rows(documents, "100.00"), "");
        } finally {
            pool.query("drop trigger refuse_import_row on credit_account")
                    .execute()
                    .await()
                    .atMost(TIMEOUT);
        }
        assertEquals("COMPLETED", job.get("status"));
        assertEquals(59, job.get("createdCount"));
        assertEquals(1, job.get("failedCount"));
        List<Map<String, Object>> events = untilEnd(t, 0, job.get("id"));
        List<Map<String, Object>> opened = ofType(events, "credit_account.opened");
        assertEquals(59, opened.size());
        Set<Object> seen = new HashSet<>();
        opened.forEach(e -> assertTrue(seen.add(data(e).get("document")), "twice: " + e));
        assertTrue(!seen.contains(refused));
        assertEquals(60, events.size());
        assertEquals(1, data(events.get(59)).get("failedCount"));
    }

    @Test
    void aFileThatCannotBeProcessedIsImportFailed() {
        Tenant t = Tenant.create();
        Map<String, Object> job = importCsv(t, "CREATE", "name,phone\nJoão,1234\n", "");
        assertEquals("FAILED", job.get("status"));
        List<Map<String, Object>> events = untilEnd(t, 0, job.get("id"));
        assertEquals(1, events.size());
        assertEquals("import.failed", events.get(0).get("type"));
        assertEquals(job, data(events.get(0)));
        assertTrue(((String) data(events.get(0)).get("failureReason")).contains("unknown columns"));
    }
}
