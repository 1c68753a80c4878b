package dev.aval.console;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;

@AvalTest
class ConsoleUserResourceTest {

    private static String email() {
        return "p" + UUID.randomUUID().toString().substring(0, 10) + "@distribuidora.com.br";
    }

    @Test
    void createAnswersAnAbsoluteOneTimeSetupLink() {
        String d = Api.newDistributor();
        Api.admin()
                .body(Map.of("email", "Ana." + email().toUpperCase(), "name", "Ana", "role", "OPERATOR"))
                .post("/v1/distributors/" + d + "/users")
                .then()
                .statusCode(201)
                .body("id", notNullValue())
                .body("email", matchesPattern("ana\\.p[0-9a-f-]+@distribuidora\\.com\\.br"))
                .body("role", equalTo("OPERATOR"))
                .body("status", equalTo("INVITED"))
                .body("setupUrl", matchesPattern("http://localhost:\\d+/console/setup/[A-Za-z0-9_-]{43}"))
                .body("setupExpiresAt", notNullValue());
    }

    @Test
    void anEmailIsUniqueAcrossDistributors() {
        String email = email();
        Api.admin()
                .body(Map.of("email", email, "name", "A", "role", "VIEWER"))
                .post("/v1/distributors/" + Api.newDistributor() + "/users")
                .then()
                .statusCode(201);
        Api.admin()
                .body(Map.of("email", email.toUpperCase(), "name", "B", "role", "VIEWER"))
                .post("/v1/distributors/" + Api.newDistributor() + "/users")
                .then()
                .statusCode(409)
                .body("code", equalTo("USER_EXISTS"));
    }

    @Test
    void invalidFieldsAreNamed() {
        Api.admin()
                .body(Map.of("email", "not-an-email", "name", "", "role", "VIEWER"))
                .post("/v1/distributors/" + Api.newDistributor() + "/users")
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("name"));
        Api.admin()
                .body(Map.of("email", email(), "name", "X", "role", "ADMIN"))
                .post("/v1/distributors/" + Api.newDistributor() + "/users")
                .then()
                .statusCode(400);
    }

    @Test
    void listNeverShowsPasswordsOrLinks() {
        String d = Api.newDistributor();
        ConsoleClient.signedIn(d, "VIEWER");
        Api.admin()
                .get("/v1/distributors/" + d + "/users")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].status", equalTo("ACTIVE"))
                .body("items[0].lastLoginAt", notNullValue())
                .body("items[0].setupUrl", nullValue())
                .body("items[0].passwordHash", nullValue());
    }

    @Test
    void aPasswordResetEndsTheOldPasswordAndEverySession() {
        String d = Api.newDistributor();
        ConsoleClient user = ConsoleClient.signedIn(d, "OPERATOR");
        user.get("/console/accounts").then().statusCode(200);
        String fresh = Api.admin()
                .post("/v1/distributors/" + d + "/users/" + user.userId + "/setup-link")
                .then()
                .statusCode(201)
                .body("status", equalTo("INVITED"))
                .extract()
                .path("setupUrl");
        user.get("/console/accounts").then().statusCode(302);
        user.signIn(user.email, ConsoleClient.PASSWORD).then().statusCode(401);
        user.choosePassword(java.net.URI.create(fresh).getPath(), "uma senha nova e longa")
                .then()
                .statusCode(303);
        user.signIn(user.email, "uma senha nova e longa").then().statusCode(303);
    }

    @Test
    void aNewSetupLinkReplacesTheOldOne() {
        String d = Api.newDistributor();
        ConsoleClient user = ConsoleClient.invited(d, "VIEWER");
        String fresh = Api.admin()
                .post("/v1/distributors/" + d + "/users/" + user.userId + "/setup-link")
                .then()
                .statusCode(201)
                .extract()
                .path("setupUrl");
        assertNotNull(user.page(user.setupPath()).selectFirst(".alert-error"), "the old link no longer works");
        user.choosePassword(java.net.URI.create(fresh).getPath(), ConsoleClient.PASSWORD)
                .then()
                .statusCode(303);
        user.signIn(user.email, ConsoleClient.PASSWORD).then().statusCode(303);
    }

    @Test
    void aDisabledUserCannotSignInNorGetALink() {
        String d = Api.newDistributor();
        ConsoleClient user = ConsoleClient.signedIn(d, "OPERATOR");
        Api.admin()
                .delete("/v1/distributors/" + d + "/users/" + user.userId)
                .then()
                .statusCode(204);
        user.signIn(user.email, ConsoleClient.PASSWORD).then().statusCode(401);
        Api.admin()
                .post("/v1/distributors/" + d + "/users/" + user.userId + "/setup-link")
                .then()
                .statusCode(409)
                .body("code", equalTo("USER_DISABLED"));
    }

    @Test
    void onlyTheAdminManagesUsersAndOnlyItsDistributors() {
        String a = Api.newDistributor();
        String b = Api.newDistributor();
        ConsoleClient userOfA = ConsoleClient.invited(a, "VIEWER");
        Api.as(Api.key(a, "INTEGRATION"))
                .body(Map.of("email", email(), "name", "X", "role", "VIEWER"))
                .post("/v1/distributors/" + a + "/users")
                .then()
                .statusCode(403);
        Api.as(Api.key(a, "READ_ONLY"))
                .get("/v1/distributors/" + a + "/users")
                .then()
                .statusCode(403);
        Api.admin()
                .delete("/v1/distributors/" + b + "/users/" + userOfA.userId)
                .then()
                .statusCode(404)
                .body("code", equalTo("USER_NOT_FOUND"));
        // what is not a UUID is refused before any look-up (api.md "Conventions", bounds)
        Api.admin()
                .delete("/v1/distributors/" + a + "/users/not-a-uuid")
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("userId"));
        Api.admin()
                .post("/v1/distributors/" + a + "/users/not-a-uuid/setup-link")
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("userId"));
        Api.admin()
                .get("/v1/distributors/nobody-here/users")
                .then()
                .statusCode(404)
                .body("code", equalTo("DISTRIBUTOR_NOT_FOUND"));
    }
}
