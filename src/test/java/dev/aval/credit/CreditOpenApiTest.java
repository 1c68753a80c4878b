package dev.aval.credit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;

/** The served OpenAPI document describes every credit endpoint, its schemas and enums. */
@AvalTest
class CreditOpenApiTest {

    private static final String A = "/v1/distributors/{distributorId}/credit-accounts";

    @Test
    void everyCreditEndpointIsDescribed() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", hasKey(A))
                .body("paths", hasKey(A + "/{accountId}"))
                .body("paths", hasKey(A + "/{accountId}/close"))
                .body("paths", hasKey(A + "/{accountId}/holders"))
                .body("paths", hasKey(A + "/{accountId}/holders/{holderId}"))
                .body("paths", hasKey(A + "/{accountId}/statement"))
                .body("paths", hasKey(A + "/{accountId}/holds"))
                .body("paths", hasKey(A + "/{accountId}/holds/{holdId}"))
                .body("paths", hasKey(A + "/{accountId}/holds/{holdId}/capture"))
                .body("paths", hasKey(A + "/{accountId}/holds/{holdId}/release"))
                .body("paths", hasKey(A + "/{accountId}/invoices"))
                .body("paths", hasKey(A + "/{accountId}/invoices/{invoiceId}"))
                .body("paths", hasKey("/v1/distributors/{distributorId}/invoices"))
                .body("paths", hasKey(A + "/{accountId}/invoices/{invoiceId}/payments"))
                .body("paths", hasKey(A + "/{accountId}/invoices/{invoiceId}/cancel"))
                .body("paths", hasKey(A + "/{accountId}/invoices/{invoiceId}/credit-notes"))
                .body("paths", hasKey(A + "/{accountId}/invoices/{invoiceId}/postpone"))
                .body("paths.'" + A + "/{accountId}/invoices/{invoiceId}/credit-notes'.post.responses", hasKey("422"))
                .body(
                        "paths.'" + A + "/{accountId}/invoices/{invoiceId}/credit-notes'.post.parameters.name",
                        hasItems("Idempotency-Key"))
                .body("paths.'" + A + "/{accountId}/invoices/{invoiceId}/postpone'.post.responses", hasKey("422"))
                .body("components.schemas", hasKey("CreditNote"))
                .body("components.schemas.Invoice.properties", hasKey("creditedAmount"))
                .body("paths.'" + A + "/{accountId}/holds'.post.responses", hasKey("422"))
                .body("paths.'" + A + "/{accountId}/holds'.post.parameters.name", hasItems("Idempotency-Key"))
                .body("components.schemas", hasKey("CreditAccount"))
                .body("components.schemas", hasKey("Hold"))
                .body("components.schemas", hasKey("Invoice"))
                .body("components.schemas", hasKey("DistributorInvoice"))
                .body("paths.'/v1/distributors/{distributorId}/invoices'.get.responses", hasKey("400"))
                .body("paths.'" + A + "/{accountId}/invoices/{invoiceId}'.get.responses", hasKey("404"))
                .body("components.schemas", hasKey("Statement"))
                .body("components.schemas.HoldStatus.enum", hasItems("ACTIVE", "CAPTURED", "RELEASED", "EXPIRED"));
    }
}
