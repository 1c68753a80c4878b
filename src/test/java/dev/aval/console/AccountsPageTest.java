package dev.aval.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.response.Response;

@AvalTest
class AccountsPageTest {

    private static String open(String distributor, String document, String email, String limit, String tolerance) {
        String key = Api.key(distributor, "INTEGRATION");
        return Api.as(key)
                .body(Map.of("document", document, "email", email, "creditLimit", limit, "tolerance", tolerance))
                .post("/v1/distributors/" + distributor + "/credit-accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void anEmptyListSaysWhatToDoOnlyToWhoCanDoIt() {
        String d = Api.newDistributor();
        assertEquals(
                "Nenhuma conta de crédito ainda.",
                ConsoleClient.signedIn(d, "VIEWER")
                        .page("/console/accounts")
                        .selectFirst("td.empty")
                        .text());
        ConsoleClient operator = ConsoleClient.signedIn(d, "OPERATOR");
        assertTrue(operator.page("/console/accounts")
                .selectFirst("td.empty")
                .text()
                .contains("NOVO"));
        assertEquals(
                "Nenhuma conta com estes filtros.",
                operator.page("/console/accounts?q=ninguem")
                        .selectFirst("td.empty")
                        .text());
        assertEquals(
                "Nenhuma conta com estes filtros.",
                operator.page("/console/accounts?status=CLOSED")
                        .selectFirst("td.empty")
                        .text());
    }

    @Test
    void listShowsAccountsTheBrazilianWay() {
        String d = Api.newDistributor();
        String cpf = Api.newCpf();
        String id = open(d, cpf, "compras@cliente.com.br", "1234.56", "0.1");
        Document page = ConsoleClient.signedIn(d, "VIEWER").page("/console/accounts");
        Element row = page.selectFirst("tbody tr");
        List<String> cells = row.select("td").eachText();
        String formatted =
                cpf.substring(0, 3) + "." + cpf.substring(3, 6) + "." + cpf.substring(6, 9) + "-" + cpf.substring(9);
        assertEquals(formatted, cells.get(0));
        assertEquals("CPF", cells.get(1));
        assertEquals("compras@cliente.com.br", cells.get(2));
        assertEquals("R$ 1.234,56", cells.get(3));
        assertEquals("10%", cells.get(4));
        assertEquals("R$ 1.358,01", cells.get(5)); // 1.234,56 × 1,1 = 1.358,016: never more than the rule grants
        assertEquals("Aberta", cells.get(6));
        assertEquals("/console/accounts/" + id, row.selectFirst("a").attr("href"));
    }

    @Test
    void searchByFormattedDocumentOrEmail() {
        String d = Api.newDistributor();
        String cpf = Api.newCpf();
        open(d, cpf, "alvo@cliente.com.br", "100", "0");
        open(d, Api.newCpf(), "outro@cliente.com.br", "200", "0");
        ConsoleClient user = ConsoleClient.signedIn(d, "VIEWER");
        String formatted =
                cpf.substring(0, 3) + "." + cpf.substring(3, 6) + "." + cpf.substring(6, 9) + "-" + cpf.substring(9);
        Document byDocument = user.page("/console/accounts?q=" + formatted);
        assertEquals(1, byDocument.select("tbody tr").size());
        assertEquals("alvo@cliente.com.br", byDocument.select("tbody td").get(2).text());
        Document byEmail = user.page("/console/accounts?q=OUTRO@cliente.com.br");
        assertEquals(1, byEmail.select("tbody tr").size());
        assertEquals("R$ 200,00", byEmail.select("tbody td").get(3).text());
    }

    @Test
    void aDocumentWithoutAnAccountOffersToOpenOneForIt() {
        String d = Api.newDistributor();
        String cpf = Api.newCpf();
        Document found = ConsoleClient.signedIn(d, "OPERATOR").page("/console/accounts?q=" + Formats.doc(cpf));
        assertEquals(
                "Nenhuma conta para " + Formats.doc(cpf) + ". Abrir uma conta para este documento",
                found.selectFirst("tbody td.empty").text());
        String link = found.selectFirst("tbody td.empty a").attr("href");
        assertEquals("/console/accounts/new?document=" + cpf, link);
        Document form = ConsoleClient.signedIn(d, "OPERATOR").page(link);
        assertEquals(Formats.doc(cpf), form.selectFirst("#document").val());
        // what is not a CPF or CNPJ is not carried into the form
        assertEquals(
                "",
                ConsoleClient.signedIn(d, "OPERATOR")
                        .page("/console/accounts/new?document=123")
                        .selectFirst("#document")
                        .val());
        // among closed accounts, an open one may exist: nothing offered
        assertNull(ConsoleClient.signedIn(d, "OPERATOR")
                .page("/console/accounts?status=CLOSED&q=" + cpf)
                .selectFirst("tbody td.empty a"));
        // a VIEWER is only told there is none
        Document viewer = ConsoleClient.signedIn(d, "VIEWER").page("/console/accounts?q=" + cpf);
        assertEquals(
                "Nenhuma conta com estes filtros.",
                viewer.selectFirst("tbody td.empty").text());
    }

    @Test
    void anInvalidDocumentIsExplainedNotSearched() {
        Document page =
                ConsoleClient.signedIn(Api.newDistributor(), "VIEWER").page("/console/accounts?q=123.456.789-00");
        assertEquals(
                "não é um CPF válido: confira os dígitos verificadores",
                page.selectFirst(".alert-error").text());
        assertEquals("true", page.selectFirst("#q").attr("aria-invalid"));
    }

    @Test
    void aGarbledPageLinkSaysSoInsteadOfSomethingWentWrong() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        Response page = user.get("/console/accounts?cursor=zzz");
        page.then().statusCode(400).contentType(containsString("text/html"));
        assertEquals(
                "Endereço inválido",
                Jsoup.parse(page.asString()).selectFirst("h1").text());
    }

    @Test
    void aForeignDocumentIsFoundAsTyped() {
        // OTHER documents (domain.md §2) are never inferred: one of 11 digits is not a CPF to refuse
        String d = Api.newDistributor();
        String key = Api.key(d, "INTEGRATION");
        for (String document : new String[] {"AB12345", "12345678900"}) {
            Api.as(key)
                    .body(Map.of(
                            "documentType",
                            "OTHER",
                            "document",
                            document,
                            "email",
                            "f@cliente.com.br",
                            "creditLimit",
                            "10"))
                    .post("/v1/distributors/" + d + "/credit-accounts")
                    .then()
                    .statusCode(201);
        }
        ConsoleClient user = ConsoleClient.signedIn(d, "VIEWER");
        for (String typed : new String[] {"ab12345", "AB-12345", "123.456.789-00"}) {
            Document page = user.page("/console/accounts?q=" + typed);
            assertNull(page.selectFirst(".alert-error"), typed);
            assertEquals(1, page.select("tbody tr").size(), typed);
            assertEquals(
                    "Estrangeiro (OTHER)", page.select("tbody tr td").get(1).text(), typed);
        }
        // shown as sent: 11 digits of a foreign document are not a CPF to punctuate
        assertEquals(
                "12345678900",
                user.page("/console/accounts?q=12345678900")
                        .selectFirst("tbody tr td")
                        .text());
        // contas is feminine
        assertEquals(
                "Todas",
                user.page("/console/accounts")
                        .selectFirst("#status option[value=\"\"]")
                        .text());
        Document unknown = user.page("/console/accounts?q=ZZ999");
        assertEquals(
                "nenhuma conta tem este documento, e ele não é um CPF (11 dígitos) nem um CNPJ (14 caracteres)",
                unknown.selectFirst(".alert-error").text());
        // 11 digits that fail the check: the check digits are what to look at
        assertTrue(user.page("/console/accounts?q=111.444.777-00")
                .selectFirst(".alert-error")
                .text()
                .contains("dígitos verificadores"));
        // 11 characters with a letter: a CPF's digits are what to look at
        assertEquals(
                "deve ser um CPF de 11 dígitos",
                user.page("/console/accounts?q=123.456.789-0A")
                        .selectFirst(".alert-error")
                        .text());
    }

    @Test
    void statusFilterAndPagesOfFifty() {
        String d = Api.newDistributor();
        for (int i = 0; i < 51; i++) {
            open(d, Api.newCpf(), "c" + i + "@cliente.com.br", "10", "0");
        }
        ConsoleClient user = ConsoleClient.signedIn(d, "VIEWER");
        Document first = user.page("/console/accounts?status=OPEN");
        assertEquals(50, first.select("tbody tr").size());
        assertNull(first.selectFirst("a[rel=prev]"));
        Element next = first.selectFirst("a[rel=next]");
        assertNotNull(next);
        Document second = user.page(next.attr("href"));
        assertEquals(1, second.select("tbody tr").size());
        assertNull(second.selectFirst("a[rel=next]"));
        Document back = user.page(second.selectFirst("a[rel=prev]").attr("href"));
        assertEquals(
                first.select("tbody tr").eachText(), back.select("tbody tr").eachText());
        assertEquals(
                1,
                user.page("/console/accounts?status=CLOSED")
                        .select("tbody tr td.empty")
                        .size());
    }

    @Test
    void aUserSeesOnlyItsOwnDistributorsAccounts() {
        String a = Api.newDistributor();
        String b = Api.newDistributor();
        String cpf = Api.newCpf();
        open(b, cpf, "b@cliente.com.br", "10", "0");
        Document page = ConsoleClient.signedIn(a, "OPERATOR").page("/console/accounts?q=" + cpf);
        assertEquals(1, page.select("tbody td.empty").size());
    }

    @Test
    void novoShowsErrorsNextToTheirFieldsAndKeepsWhatWasTyped() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        Document form = user.page("/console/accounts/new");
        assertNotNull(form.selectFirst("form input[name=csrf]"));
        Response answer = user.post(
                "/console/accounts/new",
                form,
                Map.of(
                        "documentType",
                        "",
                        "document",
                        "111.111.111-11",
                        "email",
                        "not-an-email",
                        "creditLimit",
                        "1.000,50",
                        "tolerance",
                        "10"));
        answer.then().statusCode(400);
        Document page = Jsoup.parse(answer.asString());
        assertNotNull(page.selectFirst("#document-error"));
        assertNotNull(page.selectFirst("#email-error"));
        assertNull(page.selectFirst("#creditLimit-error"));
        assertEquals("111.111.111-11", page.selectFirst("#document").val());
        assertEquals("1.000,50", page.selectFirst("#creditLimit").val());
        assertEquals("true", page.selectFirst("#document").attr("aria-invalid"));

        // a tolerance over 100 % is explained in percent, as typed, in Portuguese
        Response tooTolerant = user.post(
                "/console/accounts/new",
                form,
                Map.of("document", Api.newCpf(), "email", "t@cliente.com.br", "creditLimit", "10", "tolerance", "150"));
        tooTolerant.then().statusCode(400);
        Document refused = Jsoup.parse(tooTolerant.asString());
        assertEquals(
                "deve ser um percentual entre 0 e 100 com no máximo 2 casas decimais",
                refused.selectFirst("#tolerance-error").text());
        assertEquals("150", refused.selectFirst("#tolerance").val());
    }

    @Test
    void novoOpensTheAccountAsTheUser() {
        String d = Api.newDistributor();
        ConsoleClient user = ConsoleClient.signedIn(d, "OPERATOR");
        String cpf = Api.newCpf();
        Response answer = user.post(
                "/console/accounts/new",
                user.page("/console/accounts/new"),
                Map.of(
                        "documentType",
                        "CPF",
                        "document",
                        cpf,
                        "email",
                        "novo@cliente.com.br",
                        "creditLimit",
                        "R$ 2.500,00",
                        "tolerance",
                        "12,5"));
        answer.then().statusCode(303).header("Location", startsWith("http"));
        String key = Api.key(d, "READ_ONLY");
        Map<String, Object> account = Api.as(key)
                .get("/v1/distributors/" + d + "/credit-accounts?document=" + cpf)
                .then()
                .statusCode(200)
                .extract()
                .path("items[0]");
        assertEquals(2500.0f, ((Number) account.get("creditLimit")).floatValue());
        assertEquals(0.125f, ((Number) account.get("tolerance")).floatValue());
        String id = (String) account.get("id");
        assertTrue(answer.header("Location").endsWith("/console/accounts/" + id + "?created=true"));
        List<String> actors = Api.as(key)
                .get("/v1/distributors/" + d + "/credit-accounts/" + id + "/statement")
                .then()
                .statusCode(200)
                .extract()
                .path("items.actor");
        assertEquals(List.of("user:" + user.userId), actors);
    }

    @Test
    void novoRefusesASecondOpenAccountWithTheApisMessage() {
        String d = Api.newDistributor();
        String cpf = Api.newCpf();
        String existing = open(d, cpf, "x@cliente.com.br", "10", "0");
        ConsoleClient user = ConsoleClient.signedIn(d, "OPERATOR");
        Response answer = user.post(
                "/console/accounts/new",
                user.page("/console/accounts/new"),
                Map.of("document", cpf, "email", "y@cliente.com.br", "creditLimit", "10", "tolerance", ""));
        answer.then().statusCode(400);
        Document page = Jsoup.parse(answer.asString());
        assertEquals(
                "já existe uma conta aberta para este documento; encerre-a antes de abrir outra"
                        + " — abrir a conta existente",
                page.selectFirst("#document-error").text());
        // what the analyst wants next: that account
        assertEquals(
                "/console/accounts/" + existing,
                page.selectFirst("#existing-account").attr("href"));
        assertEquals("true", page.selectFirst("#document").attr("aria-invalid"));
        assertEquals(cpf, page.selectFirst("#document").val());
        // the language switch of a page answering a form goes back to the form's page, not to the POST
        String back = user.request()
                .header("Referer", "http://localhost/console/accounts/new")
                .formParams(Map.of("csrf", ConsoleClient.csrf(user.page("/console/accounts/new")), "document", cpf))
                .post("/console/accounts/new")
                .asString();
        assertTrue(
                Jsoup.parse(back).selectFirst("a.lang").attr("href").endsWith("back=%2Fconsole%2Faccounts%2Fnew"),
                Jsoup.parse(back).selectFirst("a.lang").attr("href"));
    }

    @Test
    void aViewerHasNoWriteControlsAndItsForgedPostIsRefused() {
        String d = Api.newDistributor();
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");
        Document list = viewer.page("/console/accounts");
        assertNull(list.selectFirst("a[href=/console/accounts/new]"));
        assertNull(list.selectFirst("a[href=/console/imports/new]"));
        // the form itself, typed as a URL, and a forged post: the 403 page, never a blank one
        Response form = viewer.get("/console/accounts/new");
        form.then().statusCode(403);
        assertEquals(
                "Acesso negado", Jsoup.parse(form.asString()).selectFirst("h1").text());
        Response forged = viewer.post(
                "/console/accounts/new",
                list,
                Map.of("document", Api.newCpf(), "email", "v@cliente.com.br", "creditLimit", "10"));
        forged.then().statusCode(403).contentType(containsString("text/html"));
        assertEquals(
                "Acesso negado",
                Jsoup.parse(forged.asString()).selectFirst("h1").text());
        int accounts = Api.as(Api.key(d, "READ_ONLY"))
                .get("/v1/distributors/" + d + "/credit-accounts")
                .then()
                .extract()
                .path("items.size()");
        assertEquals(0, accounts);
    }

    @Test
    void englishWhenTheBrowserPrefersIt() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        Document page = Jsoup.parse(user.request()
                .header("Accept-Language", "en-US,en;q=0.9")
                .get("/console/accounts")
                .asString());
        assertEquals("en", page.selectFirst("html").attr("lang"));
        assertEquals("Accounts", page.selectFirst("h1").text());
        Document portuguese = user.page("/console/accounts");
        assertEquals("Contas", portuguese.selectFirst("h1").text());
        assertFalse(portuguese.select("form[method=post]").isEmpty());
        for (Element form : portuguese.select("form[method=post]")) {
            assertNotNull(form.selectFirst("input[name=csrf]"), "every form carries the CSRF token");
        }
    }
}
