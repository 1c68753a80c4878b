package dev.aval.console;

import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.response.Response;

/** Each error page says what went wrong in the analyst's words and leads to where it can be put right. */
@AvalTest
class ErrorPagesTest {

    @Test
    void signedInAnUnknownPageKeepsTheMenu() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        Document page = html(user.get("/console/no-such-page"), 404);
        assertEquals("Página não encontrada", page.selectFirst("h1").text());
        assertNotNull(page.selectFirst("nav.sidenav a[href=/console/invoices]"), "the menu is there");
        assertNull(page.selectFirst("nav.sidenav a[aria-current]"), "and nothing in it is current");
        assertEquals("/console/accounts", page.selectFirst("main a.button").attr("href"));
    }

    @Test
    void aFormFromAnEndedSessionSaysSoLosesNothingAndLeadsBackToTheForm() {
        String d = Api.newDistributor();
        ConsoleClient user = ConsoleClient.signedIn(d, "OPERATOR");
        Document form = user.page("/console/accounts/new");
        // signed out and in again (another tab): the form still open carries the ended session's token
        user.post("/console/logout", form, Map.of()).then().statusCode(303);
        user.signIn(user.email, ConsoleClient.PASSWORD).then().statusCode(303);

        Response sent = user.request()
                .header("Referer", "https://console.example/console/accounts/new")
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("csrf", ConsoleClient.csrf(form))
                .formParam("documentType", "CPF")
                .formParam("document", Api.newCpf())
                .formParam("email", "c@cliente.com.br")
                .formParam("creditLimit", "1.000,00")
                .formParam("tolerance", "0")
                .post("/console/accounts/new");
        Document page = html(sent, 403);
        assertEquals("Formulário expirado", page.selectFirst("h1").text());
        assertTrue(page.selectFirst("main p").text().contains("Nada foi alterado"), page.text());
        assertEquals("/console/accounts/new", page.selectFirst("main a.button").attr("href"));
        assertEquals(
                0,
                Api.as(Api.key(d, "READ_ONLY"))
                        .get("/v1/distributors/" + d + "/credit-accounts")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items")
                        .size());
    }

    @Test
    void aViewerIsToldWhyAndWhoMay() {
        ConsoleClient viewer = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        Document page = html(viewer.get("/console/accounts/new"), 403);
        assertEquals("Acesso negado", page.selectFirst("h1").text());
        String why = page.selectFirst("main p").text();
        assertTrue(why.contains("somente leitura") && why.contains("operador"), why);
    }

    @Test
    void inEnglishTheMissingThingIsNamed() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        Response response = user.request()
                .header("Accept-Language", "en-US,en;q=0.9")
                .get("/console/imports/" + java.util.UUID.randomUUID());
        Document page = html(response, 404);
        assertEquals("Import not found", page.selectFirst("h1").text());
        assertEquals("See the import history", page.selectFirst("main a.button").text());
        assertNotNull(page.selectFirst("nav.sidenav a[aria-current=page][href=/console/imports]"));
    }

    private static Document html(Response response, int status) {
        response.then().statusCode(status).contentType(startsWith("text/html"));
        return Jsoup.parse(response.asString());
    }
}
