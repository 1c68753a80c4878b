package dev.aval.platform;

import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newDistributor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;

/** api.md's roles table: a CHECKOUT key reads the import template and nothing else of imports. */
@AvalTest
class CheckoutRoleTest {

    @Test
    void aCheckoutKeyReadsTheImportTemplateButNoImportNorItsErrors() {
        String d = newDistributor();
        String imports = "/v1/distributors/" + d + "/credit-accounts/imports";
        String integration = key(d, "INTEGRATION");
        String id = given().header("Authorization", "Bearer " + integration)
                .contentType("text/csv")
                .body("documentType,document,email,creditLimit,tolerance\nCPF,52998224725,a@b.com,100.00,0\n")
                .post(imports + "?mode=UPSERT")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        String checkout = key(d, "CHECKOUT");

        given().header("Authorization", "Bearer " + checkout)
                .get(imports + "/template")
                .then()
                .statusCode(200);
        for (String path : new String[] {imports, imports + "/" + id, imports + "/" + id + "/errors"}) {
            given().header("Authorization", "Bearer " + checkout)
                    .get(path)
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("FORBIDDEN"));
        }
        given().header("Authorization", "Bearer " + checkout)
                .accept("text/csv")
                .get(imports + "/" + id + "/errors")
                .then()
                .statusCode(403);
        given().header("Authorization", "Bearer " + checkout)
                .contentType("text/csv")
                .body("x")
                .post(imports + "?mode=UPSERT")
                .then()
                .statusCode(403);
    }

    @Test
    void readOnlyAndIntegrationKeysStillReadImports() {
        String d = newDistributor();
        String imports = "/v1/distributors/" + d + "/credit-accounts/imports";
        for (String role : new String[] {"READ_ONLY", "INTEGRATION"}) {
            given().header("Authorization", "Bearer " + key(d, role))
                    .get(imports)
                    .then()
                    .statusCode(200);
        }
    }
}
