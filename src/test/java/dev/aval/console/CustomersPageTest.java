package dev.aval.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.response.Response;

@AvalTest
class CustomersPageTest {

    private String d;
    private String key;

    @BeforeEach
    void distributor() {
        d = Api.newDistributor();
        key = Api.key(d, "INTEGRATION");
    }

    private void status(String document, String status, String reason, String occurredAt) {
        Map<String, Object> body = new HashMap<>(Map.of("status", status));
        if (reason != null) {
            body.put("reason", reason);
        }
        if (occurredAt != null) {
            body.put("occurredAt", occurredAt);
        }
        Api.as(key)
                .body(body)
                .put("/v1/distributors/" + d + "/customers/" + document + "/status")
                .then()
                .statusCode(200);
    }

    private String openAccount(String document, String email, String limit, String tolerance) {
        return Api.as(key)
                .body(Map.of("document", document, "email", email, "creditLimit", limit, "tolerance", tolerance))
                .post("/v1/distributors/" + d + "/credit-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String formatted(String cpf) {
        return cpf.substring(0, 3) + "." + cpf.substring(3, 6) + "." + cpf.substring(6, 9) + "-" + cpf.substring(9);
    }

    private static Element method(Document page, String method) {
        Element row = page.selectFirst("#eligibility tr[data-method=" + method + "]");
        assertNotNull(row, method + " is shown");
        return row;
    }

    @Test
    void theListNamesDocumentTypesAndTellsAnEmptyDistributorFromAnEmptyStatus() {
        String other = Api.newDistributor();
        ConsoleClient viewer = ConsoleClient.signedIn(other, "VIEWER");
        assertEquals(
                "Nenhum cliente ainda: os clientes chegam pela integração (API).",
                viewer.page("/console/customers").selectFirst("td.empty").text());
        Api.as(Api.key(other, "INTEGRATION"))
                .body(Map.of("status", "APV", "documentType", "OTHER"))
                .put("/v1/distributors/" + other + "/customers/P1234567/status")
                .then()
                .statusCode(200);
        Document all = viewer.page("/console/customers");
        assertEquals(
                "Estrangeiro (OTHER)",
                all.selectFirst("tbody tr").select("td").get(1).text());
        assertEquals(
                "Nenhum cliente nesta situação.",
                viewer.page("/console/customers?status=RPV")
                        .selectFirst("td.empty")
                        .text());
    }

    @Test
    void lookUpOfAFormattedDocumentOpensTheCustomerWithItsStatus() {
        String cpf = Api.newCpf();
        status(cpf, "RPV", "Cadastro com pendência fiscal", null);
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");

        Response lookUp =
                viewer.request().queryParam("document", formatted(cpf)).get("/console/customers");
        lookUp.then().statusCode(303).header("Location", endsWith("/console/customers/" + cpf));

        Document page = viewer.page("/console/customers/" + cpf);
        assertEquals(formatted(cpf), page.selectFirst("h1").ownText().strip());
        Element badge = page.selectFirst("#current-status");
        assertTrue(badge.hasClass("badge-RPV"));
        assertTrue(badge.text().contains("Reprovado"), badge.text());
        assertEquals(
                "Cadastro com pendência fiscal",
                page.selectFirst("#status-reason").text());
        assertEquals("true", page.selectFirst("#registered").attr("data-registered"));
        assertNull(page.selectFirst("#never-integrated"));
    }

    @Test
    void aFormattedDocumentInTheAddressIsRedirectedToItsNormalisedPage() {
        String cpf = Api.newCpf();
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");
        viewer.get("/console/customers/" + formatted(cpf))
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/customers/" + cpf));
    }

    @Test
    void aDocumentNeverIntegratedIsShownAsPendingAndUnregisteredNotAsMissing() {
        String cpf = Api.newCpf();
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");

        Document page = viewer.page("/console/customers/" + cpf);
        assertTrue(page.selectFirst("#current-status").hasClass("badge-PEN"));
        assertTrue(page.selectFirst("#current-status").text().contains("Pré-aprovado"));
        assertNotNull(page.selectFirst("#never-integrated"), "says clearly it was never integrated");
        assertEquals("false", page.selectFirst("#registered").attr("data-registered"));
        assertEquals(1, page.select("#history tbody tr").size());
        assertNotNull(page.selectFirst("#history td.empty"));
        // and eligibility answers as for any PEN customer
        assertEquals("true", method(page, "PIX").attr("data-allowed"));
        assertEquals("CUSTOMER_NOT_APPROVED", method(page, "BOLETO_FATURADO").attr("data-reason"));
    }

    @Test
    void anInvalidDocumentIsToldNextToTheField() {
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");

        Document page = viewer.page("/console/customers?document=123.456.789-00");
        Element field = page.selectFirst("#document");
        assertEquals("true", field.attr("aria-invalid"));
        assertEquals("123.456.789-00", field.attr("value"), "the typed value is kept");
        assertTrue(field.attr("aria-describedby").contains("document-error"));
        assertTrue(page.selectFirst("#document-error").text().contains("CPF inválido"));
        // a CPF of the wrong length is told its length, not its check digits
        assertEquals(
                "Um CPF tem 11 dígitos.",
                viewer.page("/console/customers?documentType=CPF&document=123.456.789")
                        .selectFirst("#document-error")
                        .text());

        // a look-up from a list by status keeps the list
        Document fromList = viewer.page("/console/customers?status=RPV&document=123.456.789-00");
        assertEquals(
                "RPV", fromList.selectFirst("form.lookup input[name=status]").val());

        Document tooShort = viewer.page("/console/customers?document=1234");
        assertTrue(tooShort.selectFirst("#document-error").text().contains("11 dígitos"));

        Response inAddress = viewer.get("/console/customers/12345");
        inAddress.then().statusCode(400);
        assertNotNull(Jsoup.parse(inAddress.asString()).selectFirst("#document-error"));
    }

    @Test
    void theListByStatusShowsFiftyAPageWithNextAndPrevious() {
        List<Map<String, String>> items = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            String cpf = Api.newCpf();
            rejected.add(cpf);
            items.add(Map.of("document", cpf, "status", "RPV", "reason", "lote " + i));
        }
        String approved = Api.newCpf();
        items.add(Map.of("document", approved, "status", "APV"));
        Api.as(key)
                .body(Map.of("items", items))
                .post("/v1/distributors/" + d + "/customers/statuses")
                .then()
                .statusCode(200);
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");

        Document first = viewer.page("/console/customers?status=RPV");
        assertEquals(50, first.select("tbody tr").size());
        assertEquals(
                "RPV", first.selectFirst(".status-tabs a[aria-current=page]").attr("data-status"));
        for (Element row : first.select("tbody tr")) {
            assertTrue(row.selectFirst(".badge").hasClass("badge-RPV"));
        }
        Element firstRow = first.selectFirst("tbody tr");
        String firstDocument = firstRow.selectFirst("a").attr("href").substring("/console/customers/".length());
        int index = rejected.indexOf(firstDocument);
        assertTrue(index >= 0, firstDocument);
        assertEquals(formatted(firstDocument), firstRow.selectFirst("a").text());
        assertEquals("CPF", firstRow.select("td").get(1).text());
        assertEquals("lote " + index, firstRow.select("td").get(3).text());
        assertFalse(firstRow.select("td").get(4).text().isBlank(), "decided at");
        assertNull(first.selectFirst("a[rel=prev]"));
        assertFalse(first.text().contains(formatted(approved)));

        Document second = viewer.page(first.selectFirst("a[rel=next]").attr("href"));
        assertEquals(1, second.select("tbody tr").size());
        assertNull(second.selectFirst("a[rel=next]"));
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (Document p : List.of(first, second)) {
            p.select("tbody tr a").forEach(a -> shown.add(a.text()));
        }
        assertEquals(
                rejected.stream().map(CustomersPageTest::formatted).collect(java.util.stream.Collectors.toSet()),
                shown);
        Document back = viewer.page(second.selectFirst("a[rel=prev]").attr("href"));
        assertEquals(formatted(firstDocument), back.selectFirst("tbody tr a").text());

        Document approvedOnly = viewer.page("/console/customers?status=APV");
        assertEquals(1, approvedOnly.select("tbody tr").size());
        assertEquals(formatted(approved), approvedOnly.selectFirst("tbody tr a").text());
    }

    @Test
    void theHistoryIsNewestFirst() {
        String cpf = Api.newCpf();
        status(cpf, "PEN", "cadastro", "2026-01-10T12:00:00Z");
        status(cpf, "APV", "documentos conferidos", "2026-01-11T12:00:00Z");
        status(cpf, "RPV", "fraude", "2026-01-12T12:00:00Z");
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");

        Document page = viewer.page("/console/customers/" + cpf);
        List<Element> rows = page.select("#history tbody tr");
        assertEquals(3, rows.size());
        assertEquals(
                List.of("APV · Aprovado", "RPV · Reprovado", "fraude", "12/01/2026 09:00"),
                rows.get(0).select("td").subList(0, 4).stream()
                        .map(Element::text)
                        .toList());
        assertEquals(
                List.of("PEN · Pré-aprovado", "APV · Aprovado", "documentos conferidos"),
                rows.get(1).select("td").subList(0, 3).stream()
                        .map(Element::text)
                        .toList());
        assertEquals("PEN · Pré-aprovado", rows.get(2).select("td").get(1).text());
        assertTrue(rows.get(2).select("td").get(0).text().contains("cadastro"), "created: no from");
        assertEquals(
                "Chave de API test-INTEGRATION",
                rows.get(0).selectFirst("td.actor").text(),
                "an API key is named as it was issued");
    }

    @Test
    void previewForARejectedCustomerHidesPricesWithTheSeedMessage() {
        String cpf = Api.newCpf();
        status(cpf, "RPV", null, null);
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");

        Document page = viewer.page("/console/customers/" + cpf);
        assertEquals("0,00", page.selectFirst("#cartTotal").attr("value"), "cart total defaults to 0");
        assertTrue(page.selectFirst("#customer-message")
                .text()
                .contains("Seu cadastro não foi aprovado para este sortimento"));
        assertEquals("false", page.selectFirst("#can-view-prices").attr("data-value"));
        assertEquals("false", page.selectFirst("#can-purchase").attr("data-value"));
        for (String m : List.of("PIX", "CREDIT_CARD", "BOLETO_ANTECIPADO", "BOLETO_FATURADO")) {
            assertEquals("CUSTOMER_REJECTED", method(page, m).attr("data-reason"));
            assertTrue(method(page, m).text().contains("Cliente reprovado"));
        }
        assertNotNull(page.selectFirst("#no-account"));
    }

    @Test
    void previewInEnglishWhenThePageIsInEnglish() {
        String cpf = Api.newCpf();
        status(cpf, "RPV", null, null);
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");

        Response english = viewer.request().cookie("aval-lang", "en").get("/console/customers/" + cpf);
        english.then().statusCode(200);
        Document page = Jsoup.parse(english.asString());
        assertTrue(page.selectFirst("#customer-message")
                .text()
                .contains("Your registration was not approved for this assortment"));
        assertTrue(method(page, "PIX").text().contains("Customer rejected"));
        assertTrue(page.selectFirst("#current-status").text().contains("Rejected"));
    }

    @Test
    void previewForAnApprovedCustomerWithAnAccountWeighsTheCartAgainstTheCredit() {
        String cpf = Api.newCpf();
        status(cpf, "APV", null, null);
        String accountId = openAccount(cpf, "compras@cliente.com.br", "1000.00", "0.10");
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");
        String path = "/console/customers/" + cpf;

        Document noEmail = viewer.page(path);
        assertEquals("CREDIT_EMAIL_REQUIRED", method(noEmail, "BOLETO_FATURADO").attr("data-reason"));
        assertEquals(
                "/console/accounts/" + accountId,
                noEmail.selectFirst("#account-link").attr("href"));
        assertEquals(
                "R$ 1.100,00", noEmail.selectFirst("#available-with-tolerance").text());
        assertTrue(noEmail.selectFirst(".credit-figures").text().contains("10%"));

        Document fits = viewer.page(path + "?email=Compras@Cliente.com.br&cartTotal=1.100,00");
        assertEquals("true", method(fits, "BOLETO_FATURADO").attr("data-allowed"));
        assertEquals("true", fits.selectFirst("#can-purchase").attr("data-value"));
        assertNull(fits.selectFirst("#customer-message"));
        assertEquals("1.100,00", fits.selectFirst("#cartTotal").attr("value"), "the typed total is kept");

        Document tooMuch = viewer.page(path + "?email=compras@cliente.com.br&cartTotal=1.100,01");
        Element boleto = method(tooMuch, "BOLETO_FATURADO");
        assertEquals("false", boleto.attr("data-allowed"));
        assertEquals("CREDIT_INSUFFICIENT", boleto.attr("data-reason"));
        assertTrue(boleto.text().contains("Crédito insuficiente"));
        assertEquals("true", method(tooMuch, "PIX").attr("data-allowed"));

        Document wrongEmail = viewer.page(path + "?email=outro@cliente.com.br&cartTotal=10");
        assertEquals(
                "CREDIT_EMAIL_MISMATCH", method(wrongEmail, "BOLETO_FATURADO").attr("data-reason"));
    }

    @Test
    void aBadCartTotalIsToldNextToItsField() {
        String cpf = Api.newCpf();
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");

        Document page = viewer.page("/console/customers/" + cpf + "?cartTotal=abc");
        assertEquals("true", page.selectFirst("#cartTotal").attr("aria-invalid"));
        assertNotNull(page.selectFirst("#cartTotal-error"));
        assertNull(page.selectFirst("#eligibility tr[data-method]"), "no answer for a bad question");

        Document negative = viewer.page("/console/customers/" + cpf + "?cartTotal=-5");
        assertTrue(negative.selectFirst("#cartTotal-error").text().contains("negativo"));
    }

    @Test
    void anOperatorChangesTheStatusAndIsRecordedAsItsActor() {
        String cpf = Api.newCpf();
        status(cpf, "PEN", null, null);
        ConsoleClient operator = ConsoleClient.signedIn(d, "OPERATOR");
        String path = "/console/customers/" + cpf;

        Document page = operator.page(path);
        assertEquals("PEN", page.selectFirst("#new-status option[selected]").attr("value"));
        Response changed =
                operator.post(path + "/status", page, Map.of("status", "APV", "reason", "análise de crédito ok"));
        changed.then().statusCode(303).header("Location", containsString(path + "?outcome=APPLIED"));

        Document after = operator.page(changed.header("Location"));
        Element banner = after.selectFirst("#outcome");
        assertEquals("APPLIED", banner.attr("data-outcome"));
        assertTrue(banner.hasClass("alert-ok"));
        assertTrue(banner.text().contains("Aprovado"), banner.text());
        assertTrue(after.selectFirst("#current-status").hasClass("badge-APV"));
        Element newest = after.selectFirst("#history tbody tr");
        assertEquals("APV · Aprovado", newest.select("td").get(1).text());
        assertEquals("análise de crédito ok", newest.select("td").get(2).text());
        assertEquals("Ana OPERATOR", newest.selectFirst("td.actor").text());
        assertEquals("user:" + operator.userId, newest.selectFirst("td.actor").attr("data-actor"));

        Response again = operator.post(path + "/status", after, Map.of("status", "APV", "reason", ""));
        again.then().statusCode(303).header("Location", containsString("outcome=UNCHANGED"));
        Element unchanged = operator.page(again.header("Location")).selectFirst("#outcome");
        assertTrue(unchanged.hasClass("alert-info"));

        // the API sees the same customer
        String apiStatus = Api.as(key)
                .get("/v1/distributors/" + d + "/customers/" + cpf)
                .then()
                .statusCode(200)
                .extract()
                .path("status");
        assertEquals("APV", apiStatus);
    }

    @Test
    void changingTheStatusKeepsTheEligibilityQuestionAsked() {
        String cpf = Api.newCpf();
        status(cpf, "PEN", null, null);
        ConsoleClient operator = ConsoleClient.signedIn(d, "OPERATOR");
        String path = "/console/customers/" + cpf;
        Document page = operator.page(path + "?email=compras@cliente.com.br&cartTotal=150,00");
        Element form = page.selectFirst("form[action$=/status]");
        assertEquals(
                "compras@cliente.com.br", form.selectFirst("input[name=email]").val());
        assertEquals("150,00", form.selectFirst("input[name=cartTotal]").val());

        Response changed = operator.post(
                path + "/status",
                page,
                Map.of("status", "RPV", "reason", "fraude", "email", "compras@cliente.com.br", "cartTotal", "150,00"));
        changed.then().statusCode(303);
        // followed as a browser does (the Location is already encoded)
        Document after = Jsoup.parse(operator.request()
                .urlEncodingEnabled(false)
                .get(changed.header("Location"))
                .asString());
        assertEquals("compras@cliente.com.br", after.selectFirst("#email").val(), changed.header("Location"));
        assertEquals("150,00", after.selectFirst("#cartTotal").val());
        // and refused, the question is kept too
        Response refused = operator.post(
                path + "/status",
                after,
                Map.of("status", "", "reason", "", "email", "compras@cliente.com.br", "cartTotal", "150,00"));
        refused.then().statusCode(400);
        assertEquals(
                "150,00",
                Jsoup.parse(refused.asString()).selectFirst("#cartTotal").val());
    }

    @Test
    void anOperatorCanDecideANeverIntegratedDocument() {
        String cpf = Api.newCpf();
        ConsoleClient operator = ConsoleClient.signedIn(d, "OPERATOR");
        String path = "/console/customers/" + cpf;

        Document page = operator.page(path);
        Response changed = operator.post(path + "/status", page, Map.of("status", "RPV", "reason", "sem cadastro"));
        changed.then().statusCode(303).header("Location", containsString("outcome=APPLIED"));
        Document after = operator.page(changed.header("Location"));
        assertNull(after.selectFirst("#never-integrated"));
        assertTrue(after.selectFirst("#current-status").hasClass("badge-RPV"));
        assertEquals(1, after.select("#history tbody tr").size());
    }

    @Test
    void aTooLongReasonIsRefusedNextToItsFieldKeepingWhatWasTyped() {
        String cpf = Api.newCpf();
        ConsoleClient operator = ConsoleClient.signedIn(d, "OPERATOR");
        String path = "/console/customers/" + cpf;
        Document page = operator.page(path);

        Response refused = operator.post(path + "/status", page, Map.of("status", "RPV", "reason", "x".repeat(501)));
        refused.then().statusCode(400);
        Document form = Jsoup.parse(refused.asString());
        assertEquals("true", form.selectFirst("#reason").attr("aria-invalid"));
        assertTrue(form.selectFirst("#reason-error").text().contains("500"));
        assertEquals(501, form.selectFirst("#reason").text().length());
        assertEquals("RPV", form.selectFirst("#new-status option[selected]").attr("value"));
        assertNotNull(form.selectFirst("#never-integrated"), "nothing was written");
    }

    @Test
    void aViewerSeesNoStatusFormAndItsForgedPostIsForbidden() {
        String cpf = Api.newCpf();
        status(cpf, "APV", null, null);
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");
        String path = "/console/customers/" + cpf;

        Document page = viewer.page(path);
        assertNull(page.selectFirst("form[method=post][action$=/status]"));
        assertNull(page.selectFirst("#new-status"));
        Response forged = viewer.post(path + "/status", page, Map.of("status", "RPV", "reason", "forjado"));
        forged.then().statusCode(403).contentType(containsString("text/html"));
        assertEquals(
                "Acesso negado",
                Jsoup.parse(forged.asString()).selectFirst("h1").text());
        assertTrue(viewer.page(path).selectFirst("#current-status").hasClass("badge-APV"));
    }

    @Test
    void everyPostFormCarriesTheCsrfTokenAndAPostWithoutItIsForbidden() {
        String cpf = Api.newCpf();
        ConsoleClient operator = ConsoleClient.signedIn(d, "OPERATOR");
        String path = "/console/customers/" + cpf;

        for (Document page : List.of(operator.page(path), operator.page("/console/customers"))) {
            for (Element form : page.select("form[method=post]")) {
                Element csrf = form.selectFirst("input[type=hidden][name=csrf]");
                assertNotNull(csrf, form.attr("action"));
                assertFalse(csrf.attr("value").isBlank());
            }
        }
        operator.postRaw(path + "/status", Map.of("status", "RPV")).then().statusCode(403);
        assertTrue(operator.page(path).selectFirst("#current-status").hasClass("badge-PEN"));
    }

    @Test
    void eachDistributorSeesOnlyItsOwnCustomers() {
        String cpf = Api.newCpf();
        String other = Api.newDistributor();
        String otherKey = Api.key(other, "INTEGRATION");
        status(cpf, "APV", "nosso cliente", null);
        Api.as(otherKey)
                .body(Map.of("status", "RPV", "reason", "deles"))
                .put("/v1/distributors/" + other + "/customers/" + cpf + "/status")
                .then()
                .statusCode(200);
        String onlyTheirs = Api.newCpf();
        Api.as(otherKey)
                .body(Map.of("status", "RPV"))
                .put("/v1/distributors/" + other + "/customers/" + onlyTheirs + "/status")
                .then()
                .statusCode(200);

        ConsoleClient ours = ConsoleClient.signedIn(d, "VIEWER");
        ConsoleClient theirs = ConsoleClient.signedIn(other, "VIEWER");
        Document ourPage = ours.page("/console/customers/" + cpf);
        Document theirPage = theirs.page("/console/customers/" + cpf);
        assertTrue(ourPage.selectFirst("#current-status").hasClass("badge-APV"));
        assertEquals("nosso cliente", ourPage.selectFirst("#status-reason").text());
        assertTrue(theirPage.selectFirst("#current-status").hasClass("badge-RPV"));
        assertEquals("deles", theirPage.selectFirst("#status-reason").text());

        Document theirsFromOurs = ours.page("/console/customers/" + onlyTheirs);
        assertNotNull(theirsFromOurs.selectFirst("#never-integrated"), "another distributor's customer is not ours");
        assertEquals(1, theirsFromOurs.select("#history tbody tr").size());
        assertFalse(ours.page("/console/customers?status=RPV").text().contains(formatted(onlyTheirs)));
    }
}
