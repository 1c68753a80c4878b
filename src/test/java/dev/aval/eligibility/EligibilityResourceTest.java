package dev.aval.eligibility;

import static dev.aval.support.Api.as;
import static dev.aval.support.Api.key;
import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Api.newDistributor;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;

@AvalTest
class EligibilityResourceTest {

    private static String path(String d) {
        return "/v1/distributors/" + d + "/eligibility";
    }

    private static void status(String d, String key, String cpf, String status) {
        as(key).body(Map.of("status", status))
                .put("/v1/distributors/" + d + "/customers/" + cpf + "/status")
                .then()
                .statusCode(200);
    }

    @Test
    void unknownDocumentIsTreatedAsPendingAndUnregistered() {
        String d = newDistributor();
        String cpf = newCpf();
        as(key(d, "CHECKOUT"))
                .body(Map.of("document", cpf, "cartTotal", 100))
                .post(path(d))
                .then()
                .statusCode(200)
                .body("document", equalTo(cpf))
                .body("status", equalTo("PEN"))
                .body("registered", equalTo(false))
                .body("canViewPrices", equalTo(true))
                .body("canPurchase", equalTo(true))
                .body("paymentMethods.method", contains("PIX", "CREDIT_CARD", "BOLETO_ANTECIPADO", "BOLETO_FATURADO"))
                .body("paymentMethods.allowed", contains(true, true, true, false))
                .body("paymentMethods[3].reason", equalTo("CUSTOMER_NOT_APPROVED"))
                .body("credit", nullValue())
                .body("message", nullValue());
    }

    @Test
    void rejectedCustomerCannotBuyNorSeePricesWithTheSeedMessage() {
        String d = newDistributor();
        String cpf = newCpf();
        status(d, key(d, "INTEGRATION"), cpf, "RPV");
        String checkout = key(d, "CHECKOUT");
        as(checkout)
                .body(Map.of("document", cpf, "cartTotal", "10.50", "paymentMethods", List.of("PIX")))
                .post(path(d))
                .then()
                .statusCode(200)
                .body("status", equalTo("RPV"))
                .body("registered", equalTo(true))
                .body("canViewPrices", equalTo(false))
                .body("canPurchase", equalTo(false))
                .body("paymentMethods.reason", contains("CUSTOMER_REJECTED"))
                .body("message", equalTo("Seu cadastro não foi aprovado para este sortimento"));
        as(checkout)
                .header("Accept-Language", "en-US,en;q=0.9")
                .body(Map.of("document", cpf, "cartTotal", 10))
                .post(path(d))
                .then()
                .statusCode(200)
                .body("message", equalTo("Your registration was not approved for this assortment"));
    }

    @Test
    void pendingPurchasesDisabledAllowNothingUntilApproved() {
        String d = newDistributor(Map.of("pendingCustomersCanPurchase", false));
        String cpf = newCpf();
        String integration = key(d, "INTEGRATION");
        as(integration)
                .put("/v1/distributors/" + d + "/customers/" + cpf)
                .then()
                .statusCode(201);
        as(key(d, "READ_ONLY"))
                .body(Map.of("document", cpf, "cartTotal", 10))
                .post(path(d))
                .then()
                .statusCode(200)
                .body("status", equalTo("PEN"))
                .body("canViewPrices", equalTo(true))
                .body("canPurchase", equalTo(false))
                .body(
                        "paymentMethods.reason",
                        contains(
                                "PENDING_PURCHASES_DISABLED",
                                "PENDING_PURCHASES_DISABLED",
                                "PENDING_PURCHASES_DISABLED",
                                "CUSTOMER_NOT_APPROVED"))
                .body("message", equalTo("Seu cadastro está em análise; você poderá comprar assim que for aprovado"));
        status(d, integration, cpf, "APV");
        as(integration)
                .body(Map.of("document", cpf, "cartTotal", 10))
                .post(path(d))
                .then()
                .statusCode(200)
                .body("status", equalTo("APV"))
                .body("canPurchase", equalTo(true))
                .body("paymentMethods.allowed", contains(true, true, true, false))
                .body("paymentMethods[3].reason", equalTo("NO_CREDIT_ACCOUNT"))
                .body("message", nullValue());
    }

    @Test
    void onlyTheRequestedMethodsAreEvaluated() {
        String d = newDistributor();
        String cpf = newCpf();
        as(key(d, "CHECKOUT"))
                .body(Map.of("document", cpf, "cartTotal", 10, "paymentMethods", List.of("BOLETO_FATURADO")))
                .post(path(d))
                .then()
                .statusCode(200)
                .body("paymentMethods.method", contains("BOLETO_FATURADO"))
                .body("canPurchase", equalTo(false));
    }

    /** domain.md §5: an empty list is an omitted one (generated clients send [] for an unset list). */
    @Test
    void anEmptyListOfMethodsEvaluatesAllFour() {
        String d = newDistributor();
        String key = key(d, "CHECKOUT");
        String cpf = newCpf();
        status(d, key(d, "INTEGRATION"), cpf, "APV");
        as(key).body(Map.of("document", cpf, "cartTotal", 10, "paymentMethods", List.of()))
                .post(path(d))
                .then()
                .statusCode(200)
                .body("paymentMethods.method", contains("PIX", "CREDIT_CARD", "BOLETO_ANTECIPADO", "BOLETO_FATURADO"))
                .body("paymentMethods.allowed", contains(true, true, true, false))
                .body("paymentMethods[3].reason", equalTo("NO_CREDIT_ACCOUNT"))
                .body("canPurchase", equalTo(true));
    }

    @Test
    void badInputIs400NamingTheField() {
        String d = newDistributor();
        String key = key(d, "CHECKOUT");
        as(key).body(Map.of("document", "12345678900", "cartTotal", 10))
                .post(path(d))
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", contains("document"));
        as(key).body(Map.of("document", newCpf(), "cartTotal", -1))
                .post(path(d))
                .then()
                .statusCode(400)
                .body("errors.field", contains("cartTotal"));
        as(key).body(Map.of("document", newCpf(), "cartTotal", "10.001"))
                .post(path(d))
                .then()
                .statusCode(400)
                .body("errors.field", contains("cartTotal"));
        as(key).body(Map.of("document", newCpf()))
                .post(path(d))
                .then()
                .statusCode(400)
                .body("errors.field", contains("cartTotal"));
        as(key).body(Map.of("document", newCpf(), "cartTotal", 1, "paymentMethods", List.of("CHEQUE")))
                .post(path(d))
                .then()
                .statusCode(400)
                .body("errors.field", hasItem(org.hamcrest.Matchers.startsWith("paymentMethods")));
        as(key).body("{\"document\":").post(path(d)).then().statusCode(400).body("code", equalTo("MALFORMED_REQUEST"));
        // the email's bound, checked by hand on this path: 254 characters answer, 255 are refused
        String at254 = "a".repeat(242) + "@cliente.com";
        as(key).body(Map.of("document", newCpf(), "cartTotal", 1, "email", at254))
                .post(path(d))
                .then()
                .statusCode(200);
        as(key).body(Map.of("document", newCpf(), "cartTotal", 1, "email", "a" + at254))
                .post(path(d))
                .then()
                .statusCode(400)
                .body("errors.field", contains("email"));
    }

    @Test
    void anotherDistributorsKeyIsForbidden() {
        String d = newDistributor();
        String other = newDistributor();
        as(key(other, "CHECKOUT"))
                .body(Map.of("document", newCpf(), "cartTotal", 1))
                .post(path(d))
                .then()
                .statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void statusIsPerDistributor() {
        String a = newDistributor();
        String b = newDistributor();
        String cpf = newCpf();
        status(a, key(a, "INTEGRATION"), cpf, "RPV");
        as(key(b, "CHECKOUT"))
                .body(Map.of("document", cpf, "cartTotal", 1))
                .post(path(b))
                .then()
                .statusCode(200)
                .body("status", equalTo("PEN"))
                .body("registered", equalTo(false));
    }
}
