package dev.aval.events;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newDistributor;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import io.restassured.path.json.JsonPath;

@AvalTest
class WebhookResourceTest {

    private static final String URL = "http://127.0.0.1:9/hook";

    @Test
    void registrationShowsTheSecretOnceAndNeverAgain() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        JsonPath created = as(key).body(
                        Map.of("url", URL, "types", List.of("customer.status_changed"), "description", "ERP"))
                .post(Hooks.path(d))
                .then()
                .statusCode(201)
                .body("id", notNullValue())
                .body("url", equalTo(URL))
                .body("types", equalTo(List.of("customer.status_changed")))
                .body("description", equalTo("ERP"))
                .body("status", equalTo("ENABLED"))
                .body("secret", startsWith("whsec_"))
                .body("createdAt", notNullValue())
                .extract()
                .jsonPath();
        String id = created.getString("id");
        as(key).get(Hooks.path(d) + "/" + id)
                .then()
                .statusCode(200)
                .body("url", equalTo(URL))
                .body("$", not(org.hamcrest.Matchers.hasKey("secret")));
        as(key).get(Hooks.path(d))
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(id))
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("secret")))
                .body("nextCursor", nullValue());
        // omitted types: every type
        as(key).body(Map.of("url", URL))
                .post(Hooks.path(d))
                .then()
                .statusCode(201)
                .body("types", nullValue());
    }

    @Test
    void rotationAnswersANewSecret() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        JsonPath created = Hooks.register(key, d, URL, null);
        String rotated = as(key).post(Hooks.path(d) + "/" + created.getString("id") + "/rotate-secret")
                .then()
                .statusCode(200)
                .body("secret", startsWith("whsec_"))
                .extract()
                .path("secret");
        assertNotEquals(created.getString("secret"), rotated);
    }

    @Test
    void badRegistrationsAre400NamingTheField() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        for (String url : List.of("ftp://127.0.0.1/hook", "127.0.0.1/hook", "https://user:pw@127.0.0.1/hook", "")) {
            as(key).body(Map.of("url", url))
                    .post(Hooks.path(d))
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors[0].field", equalTo("url"));
        }
        as(key).body(Map.of("url", URL, "types", List.of("customer.deleted")))
                .post(Hooks.path(d))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("types"));
        as(key).body(Map.of("url", URL, "types", List.of()))
                .post(Hooks.path(d))
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("types"));
        as(key).body(Map.of("url", URL, "description", "x".repeat(501)))
                .post(Hooks.path(d))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem(org.hamcrest.Matchers.containsString("description")));
        as(key).body(Map.of()).post(Hooks.path(d)).then().statusCode(400).body("errors[0].field", equalTo("url"));
    }

    @Test
    void unknownWebhooksAndDeliveriesAre404() {
        String d = newDistributor();
        String key = key(d, "INTEGRATION");
        String missing = "01a22df4-0000-7000-8000-000000000000";
        as(key).get(Hooks.path(d) + "/" + missing).then().statusCode(404).body("code", equalTo("WEBHOOK_NOT_FOUND"));
        as(key).delete(Hooks.path(d) + "/" + missing).then().statusCode(404).body("code", equalTo("WEBHOOK_NOT_FOUND"));
        as(key).post(Hooks.path(d) + "/" + missing + "/test").then().statusCode(404);
        as(key).get(Hooks.path(d) + "/" + missing + "/deliveries").then().statusCode(404);
        // a path id that is not a UUID never reaches SQL (api.md "Conventions", bounds)
        as(key).get(Hooks.path(d) + "/not-a-uuid").then().statusCode(400).body("errors[0].field", equalTo("webhookId"));
        String id = Hooks.register(key, d, URL, null).getString("id");
        as(key).post(Hooks.path(d) + "/" + id + "/deliveries/" + missing + "/retry")
                .then()
                .statusCode(404)
                .body("code", equalTo("DELIVERY_NOT_FOUND"));
        as(key).queryParam("status", "LOST")
                .get(Hooks.path(d) + "/" + id + "/deliveries")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status"));
        as(key).delete(Hooks.path(d) + "/" + id).then().statusCode(204);
        as(key).get(Hooks.path(d) + "/" + id).then().statusCode(404);
    }

    @Test
    void onlyIntegrationKeysAndTheAdminManageWebhooks() {
        String d = newDistributor();
        String id = Hooks.register(key(d, "INTEGRATION"), d, URL, null).getString("id");
        for (String role : List.of("READ_ONLY", "CHECKOUT")) {
            String key = key(d, role);
            as(key).get(Hooks.path(d)).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
            as(key).get(Hooks.path(d) + "/" + id).then().statusCode(403);
            as(key).body(Map.of("url", URL)).post(Hooks.path(d)).then().statusCode(403);
        }
        admin().get(Hooks.path(d) + "/" + id).then().statusCode(200);
        // another distributor's key
        String other = newDistributor();
        as(key(other, "INTEGRATION")).get(Hooks.path(d) + "/" + id).then().statusCode(403);
    }
}
