package dev.aval.imports;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * api.md "Imports": an upload takes an optional Idempotency-Key. The same key with the same query
 * and the same bytes replays the first 202 (one job); anything else with it is 422; while the
 * first is still being received, 409. Nothing is created before the request is answerable.
 */
@AvalTest
class ImportIdempotencyTest {

    private static final String HEADER = "documentType,document,email,creditLimit,tolerance\n";

    @Inject
    Pool pool;

    private record Tenant(String id, String key) {
        static Tenant create() {
            String id = newDistributor();
            String key = admin().body(Map.of("name", "integration", "role", "INTEGRATION"))
                    .post("/v1/distributors/" + id + "/api-keys")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("key");
            return new Tenant(id, key);
        }

        String imports() {
            return "/v1/distributors/" + id + "/credit-accounts/imports";
        }

        int jobs() {
            return given().header("Authorization", "Bearer " + key)
                    .get(imports())
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("items.size()");
        }
    }

    private static String csv() {
        return HEADER + "CPF," + newCpf() + ",a@cliente.com.br,100.00,0\n";
    }

    private static Response raw(Tenant t, String key, String query, String csv) {
        return given().header("Authorization", "Bearer " + t.key())
                .header("Idempotency-Key", key)
                .contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post(t.imports() + query);
    }

    @Test
    void theSameKeyQueryAndBytesReplayTheFirst202() {
        Tenant t = Tenant.create();
        String csv = csv();
        Response first = raw(t, "upload-1", "?mode=CREATE", csv);
        first.then().statusCode(202).header("Idempotent-Replayed", nullValue());
        String id = first.path("id");

        Response again = raw(t, "upload-1", "?mode=CREATE", csv);
        again.then()
                .statusCode(202)
                .header("Idempotent-Replayed", "true")
                .header("Location", first.header("Location"))
                .body("id", equalTo(id))
                .body("status", equalTo("QUEUED"));
        // the same bytes as a multipart file (another boundary, another name): the same upload
        given().header("Authorization", "Bearer " + t.key())
                .header("Idempotency-Key", "upload-1")
                .multiPart("file", "renamed.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(202)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id));
        assertEquals(1, t.jobs(), "one job for one key");
    }

    @Test
    void otherBytesOrAnotherQueryWithTheKeyAre422() {
        Tenant t = Tenant.create();
        String csv = csv();
        raw(t, "upload-2", "?mode=CREATE", csv).then().statusCode(202);
        raw(t, "upload-2", "?mode=CREATE", csv + "CPF," + newCpf() + ",b@cliente.com.br,1,0\n")
                .then()
                .statusCode(422)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        raw(t, "upload-2", "?mode=UPSERT", csv).then().statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        raw(t, "upload-2", "?mode=CREATE&dryRun=true", csv)
                .then()
                .statusCode(422)
                .body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        raw(t, "upload-3", "?mode=CREATE", csv).then().statusCode(202).header("Idempotent-Replayed", nullValue());
        assertEquals(2, t.jobs());
    }

    @Test
    void aBadKeyOrAnUnacceptableAnswerCreatesNothingAndLeavesTheKeyFree() {
        Tenant t = Tenant.create();
        String csv = csv();
        raw(t, "k".repeat(256), "?mode=CREATE", csv)
                .then()
                .statusCode(400)
                .body("errors.field", contains("Idempotency-Key"));
        given().header("Authorization", "Bearer " + t.key())
                .header("Idempotency-Key", "upload-4")
                .accept("text/html")
                .contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(406)
                .body("code", equalTo("NOT_ACCEPTABLE"));
        assertEquals(0, t.jobs());
        raw(t, "upload-4", "?mode=CREATE", csv).then().statusCode(202).header("Idempotent-Replayed", nullValue());
        assertEquals(1, t.jobs());
    }

    /**
     * A second upload with the key while the first still holds it (its claim is made before its
     * body is read, and taken back if it fails): 409 at once, nothing created; once the first
     * answer is stored, the same upload is replayed.
     */
    @Test
    void theKeyWhileTheFirstUploadStillHoldsItIs409() {
        Tenant t = Tenant.create();
        String csv = csv();
        // the state a first upload with the key is in while its file is still arriving
        pool.preparedQuery("insert into idempotency_key (distributor_id, method, path, idem_key, request_hash,"
                        + " created_at) values ($1, 'POST', $2, 'upload-5', '', now())")
                .execute(Tuple.of(t.id(), t.imports()))
                .await()
                .atMost(Duration.ofSeconds(10));
        raw(t, "upload-5", "?mode=CREATE", csv).then().statusCode(409).body("code", equalTo("IDEMPOTENCY_KEY_IN_USE"));
        assertEquals(0, t.jobs());
        pool.preparedQuery("delete from idempotency_key where distributor_id = $1 and idem_key = 'upload-5'")
                .execute(Tuple.of(t.id()))
                .await()
                .atMost(Duration.ofSeconds(10));
        String id = raw(t, "upload-5", "?mode=CREATE", csv)
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        raw(t, "upload-5", "?mode=CREATE", csv)
                .then()
                .statusCode(202)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(id));
        given().header("Authorization", "Bearer " + t.key())
                .get(t.imports())
                .then()
                .statusCode(200)
                .body("items", hasSize(1));
    }
}
