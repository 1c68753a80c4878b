package dev.aval.console;

import static dev.aval.support.Api.admin;
import static dev.aval.support.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@AvalTest
class AccountPageTest {

    /** A distributor with an OPERATOR signed in and API keys to set data up. */
    static final class Setup {
        final String d = Api.newDistributor(Map.of("overdueGraceDays", 0));
        final String integration = Api.key(d, "INTEGRATION");
        final String checkout = Api.key(d, "CHECKOUT");
        final ConsoleClient operator = ConsoleClient.signedIn(d, "OPERATOR");

        String accounts() {
            return "/v1/distributors/" + d + "/credit-accounts";
        }

        /** Opens an account (for an APV customer when {@code approved}) and returns its id. */
        String open(String document, String limit, String tolerance, boolean approved) {
            if (approved) {
                admin().body(Map.of("status", "APV"))
                        .put("/v1/distributors/" + d + "/customers/" + document + "/status")
                        .then()
                        .statusCode(200);
            }
            Map<String, Object> body = new HashMap<>();
            body.put("document", document);
            body.put("email", "compras@cliente.com.br");
            body.put("creditLimit", new BigDecimal(limit));
            body.put("tolerance", new BigDecimal(tolerance));
            return as(integration)
                    .body(body)
                    .post(accounts())
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
        }

        String open(String limit, String tolerance) {
            return open(Api.newCpf(), limit, tolerance, true);
        }

        String hold(String accountId, String amount, String orderId) {
            return as(checkout)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(Map.of("amount", new BigDecimal(amount), "orderId", orderId))
                    .post(accounts() + "/" + accountId + "/holds")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
        }

        JsonPath capture(String accountId, String holdId, Map<String, Object> body) {
            return as(checkout)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .body(body)
                    .post(accounts() + "/" + accountId + "/holds/" + holdId + "/capture")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
        }

        JsonPath account(String accountId) {
            return as(integration)
                    .get(accounts() + "/" + accountId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
        }
    }

    private static String page(String accountId) {
        return "/console/accounts/" + accountId;
    }

    private static Document parse(Response response) {
        return Jsoup.parse(response.asString());
    }

    private static String text(Document page, String css) {
        Element e = page.selectFirst(css);
        assertNotNull(e, "no " + css);
        return e.text();
    }

    @Test
    void balancesAndTheCreditBarAreShownFormatted() {
        Setup s = new Setup();
        String document = Api.newCpf();
        String id = s.open(document, "1000.00", "0.10", true);
        s.hold(id, "300.00", "PED-RESERVED");
        s.capture(id, s.hold(id, "200.00", "PED-USED"), Map.of());

        Document page = s.operator.page(page(id));

        String formatted = document.substring(0, 3) + "." + document.substring(3, 6) + "." + document.substring(6, 9)
                + "-" + document.substring(9);
        assertEquals(formatted, page.selectFirst("h1").ownText());
        assertEquals("Aberta", text(page, "h1 .badge"));
        List<String> figures = page.select(".account-figures .figure").eachText();
        assertEquals(
                List.of(
                        "Limite R$ 1.000,00",
                        "Tolerância 10%",
                        "Utilizado R$ 200,00",
                        "Reservado R$ 300,00",
                        "Disponível R$ 500,00",
                        "Disponível c/ tolerância R$ 600,00"),
                figures);
        // the bar: shares of 1.000,00 × 1,10 = 1.100,00; the limit ends at 1000/1100
        Element bar = page.selectFirst("#credit-bar svg");
        assertEquals("18.2", bar.selectFirst("rect.used").attr("width"));
        assertEquals("18.2", bar.selectFirst("rect.reserved").attr("x"));
        assertEquals("27.3", bar.selectFirst("rect.reserved").attr("width"));
        assertEquals("45.5", bar.selectFirst("rect.free").attr("x"));
        assertEquals("54.5", bar.selectFirst("rect.free").attr("width"));
        assertEquals("90.9", bar.selectFirst("line.limit-mark").attr("x1"));
        String legend = text(page, ".account-legend");
        assertTrue(legend.contains("Utilizado R$ 200,00"), legend);
        assertTrue(legend.contains("Reservado R$ 300,00"), legend);
        assertTrue(legend.contains("Disponível c/ tolerância R$ 600,00"), legend);
        assertTrue(legend.contains("Limite R$ 1.000,00 · com tolerância até R$ 1.100,00"), legend);
        assertTrue(page.select("[style]").isEmpty(), "no inline style (CSP)");
        assertEquals("compras@cliente.com.br", page.selectFirst("#edit-email").val());
        assertEquals("1.000,00", page.selectFirst("#edit-creditLimit").val());
        assertEquals("10", page.selectFirst("#edit-tolerance").val());
    }

    @Test
    void withoutToleranceTheBarHasNoLimitMark() {
        Setup s = new Setup();
        String id = s.open("500.00", "0");
        Document page = s.operator.page(page(id));
        assertNull(page.selectFirst("line.limit-mark"));
        assertEquals("100.0", page.selectFirst("rect.free").attr("width"));
    }

    @Test
    void novoOpensTheNewAccountWithASuccessBanner() {
        Setup s = new Setup();
        Document form = s.operator.page("/console/accounts/new");
        String document = Api.newCpf();
        Response created = s.operator.post(
                "/console/accounts/new",
                form,
                Map.of(
                        "document",
                        document,
                        "email",
                        "novo@cliente.com.br",
                        "creditLimit",
                        "1.234,56",
                        "tolerance",
                        "5"));
        created.then().statusCode(303);
        String location = java.net.URI.create(created.header("Location")).getPath() + "?"
                + java.net.URI.create(created.header("Location")).getQuery();
        Document page = s.operator.page(location);
        assertEquals("Conta criada.", text(page, ".alert-ok strong"));
        assertTrue(text(page, ".account-figures").contains("R$ 1.234,56"));
        // without the flag: no banner
        assertNull(s.operator
                .page(java.net.URI.create(created.header("Location")).getPath())
                .selectFirst(".alert"));
    }

    @Test
    void editSavesEmailLimitAndToleranceAndTheStatementNamesTheUser() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0.10");
        Document page = s.operator.page(page(id));

        Response saved = s.operator.post(
                page(id) + "/edit",
                page,
                Map.of(
                        "version",
                        page.selectFirst("input[name=version]").val(),
                        "email",
                        "financeiro@cliente.com.br",
                        "creditLimit",
                        "2.500,50",
                        "tolerance",
                        "12,5",
                        "reason",
                        "bom pagador"));

        saved.then().statusCode(303);
        assertTrue(saved.header("Location").endsWith(page(id) + "?done=saved&tab=statement"), saved.header("Location"));
        JsonPath account = s.account(id);
        assertEquals("financeiro@cliente.com.br", account.getString("email"));
        assertEquals(0, new BigDecimal("2500.50").compareTo(new BigDecimal(account.getString("creditLimit"))));
        assertEquals(0, new BigDecimal("0.125").compareTo(new BigDecimal(account.getString("tolerance"))));
        Document after = s.operator.page(page(id) + "?done=saved");
        assertEquals("Alterações salvas.", text(after, ".alert-ok strong"));
        assertEquals("2.500,50", after.selectFirst("#edit-creditLimit").val());
        assertEquals("12,5", after.selectFirst("#edit-tolerance").val());
        Element limitLine = after.selectFirst("table.statement tr[data-type=LIMIT_CHANGED]");
        assertNotNull(limitLine);
        assertEquals("Limite alterado", limitLine.child(1).text());
        assertEquals("R$ 1.500,50", limitLine.child(2).text());
        assertEquals("bom pagador", limitLine.child(5).text());
        assertEquals("Ana OPERATOR", limitLine.child(6).text());
        Element toleranceLine = after.selectFirst("table.statement tr[data-type=TOLERANCE_CHANGED]");
        assertEquals("10% → 12,5% · bom pagador", toleranceLine.child(5).text());
    }

    @Test
    void editWithAStaleVersionShowsTheConflictAndDoesNotOverwrite() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        Document stale = s.operator.page(page(id));
        // someone else changes the account meanwhile
        as(s.integration)
                .body(Map.of("creditLimit", 700))
                .patch(s.accounts() + "/" + id)
                .then()
                .statusCode(200);

        Response answer = s.operator.post(
                page(id) + "/edit",
                stale,
                Map.of(
                        "version",
                        stale.selectFirst("input[name=version]").val(),
                        "email",
                        "compras@cliente.com.br",
                        "creditLimit",
                        "900,00",
                        "tolerance",
                        "0"));

        answer.then().statusCode(409);
        Document page = parse(answer);
        assertEquals("Alguém alterou esta conta; recarregue.", text(page, ".alert-error strong"));
        assertEquals(page(id), page.selectFirst(".alert-error a").attr("href"));
        assertEquals("900,00", page.selectFirst("#edit-creditLimit").val(), "the typed value is kept");
        assertTrue(text(page, ".account-figures").contains("R$ 700,00"), "the figures are the current ones");
        assertEquals(
                0, new BigDecimal("700").compareTo(new BigDecimal(s.account(id).getString("creditLimit"))));
    }

    @Test
    void aFormsAnswerComesBackToTheTabFilterAndPageItWasSentFrom() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        Document form = s.operator.page(page(id) + "?tab=invoices");
        String from = "http://localhost:8081" + page(id) + "?tab=statement&from=2026-01-01&cursor=abc";
        // saved from the statement filtered by date: back there, the filter kept
        Response saved = s.operator
                .request()
                .header("Referer", from)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("csrf", form.selectFirst("input[name=csrf]").val())
                .formParam("version", form.selectFirst("input[name=version]").val())
                .formParam("email", "compras@cliente.com.br")
                .formParam("creditLimit", "1.100,00")
                .formParam("tolerance", "0")
                .post(page(id) + "/edit");
        saved.then()
                .statusCode(303)
                .header(
                        "Location",
                        org.hamcrest.Matchers.endsWith("?done=saved&tab=statement&from=2026-01-01&cursor=abc"));
        // refused while on Faturas: the page answering it shows Faturas
        Response refused = s.operator
                .request()
                .header("Referer", "http://localhost:8081" + page(id) + "?tab=invoices")
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("csrf", form.selectFirst("input[name=csrf]").val())
                .formParam("email", "não é email")
                .post(page(id) + "/holders");
        refused.then().statusCode(400);
        assertEquals("Faturas", text(parse(refused), ".tabs a[aria-current=page]"));
    }

    @Test
    void theSameEditSentTwiceIsSavedNotAConflict() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        Document form = s.operator.page(page(id));
        Map<String, String> typed = Map.of(
                "version",
                form.selectFirst("input[name=version]").val(),
                "email",
                "compras@cliente.com.br",
                "creditLimit",
                "1.200,00",
                "tolerance",
                "5");
        s.operator.post(page(id) + "/edit", form, typed).then().statusCode(303);
        // the second sending (a double click without the script) carries the old version: the account
        // already is as typed, so it is saved, not "someone changed this account"
        s.operator
                .post(page(id) + "/edit", form, typed)
                .then()
                .statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("?done=saved&tab=statement"));
        assertEquals(
                1,
                s.operator
                        .page(page(id) + "?tab=statement")
                        .select("table.statement tr[data-type=LIMIT_CHANGED]")
                        .size(),
                "changed once");
        // a different email, if only in case, is a change the stale form would have made: the conflict
        Map<String, String> recased = new java.util.HashMap<>(typed);
        recased.put("email", "Compras@cliente.com.br");
        s.operator.post(page(id) + "/edit", form, recased).then().statusCode(409);
    }

    @Test
    void anInvalidLimitIsShownNextToItsField() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        Document page = s.operator.page(page(id));
        String version = page.selectFirst("input[name=version]").val();

        Response typo = s.operator.post(
                page(id) + "/edit",
                page,
                Map.of("version", version, "email", "compras@cliente.com.br", "creditLimit", "mil", "tolerance", "0"));
        typo.then().statusCode(400);
        Document form = parse(typo);
        assertEquals("true", form.selectFirst("#edit-creditLimit").attr("aria-invalid"));
        assertEquals(
                "edit-creditLimit-error", form.selectFirst("#edit-creditLimit").attr("aria-describedby"));
        assertEquals("deve ser um número, como 1.234,56", text(form, "#edit-creditLimit-error"));
        assertEquals("mil", form.selectFirst("#edit-creditLimit").val());

        Response negative = s.operator.post(
                page(id) + "/edit",
                page,
                Map.of(
                        "version",
                        version,
                        "email",
                        "compras@cliente.com.br",
                        "creditLimit",
                        "-5,00",
                        "tolerance",
                        "150"));
        negative.then().statusCode(400);
        Document again = parse(negative);
        assertEquals("não pode ser negativo", text(again, "#edit-creditLimit-error"));
        assertEquals(
                "deve ser um percentual entre 0 e 100 com no máximo 2 casas decimais",
                text(again, "#edit-tolerance-error"));
        assertEquals(
                0, new BigDecimal("1000").compareTo(new BigDecimal(s.account(id).getString("creditLimit"))));
    }

    @Test
    void holdersAreAddedAndRemoved() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        Document page = s.operator.page(page(id));

        s.operator
                .post(page(id) + "/holders", page, Map.of("email", "outro@cliente.com.br"))
                .then()
                .statusCode(303);
        Document after = s.operator.page(page(id) + "?done=holder_added");
        assertEquals("Email autorizado adicionado.", text(after, ".alert-ok strong"));
        Element holder = after.selectFirst(".holder-list li");
        assertTrue(holder.text().startsWith("outro@cliente.com.br"), holder.text());
        Element remove = holder.selectFirst("form");
        assertEquals("Remover outro@cliente.com.br desta conta?", remove.attr("data-confirm"));

        Response twice = s.operator.post(page(id) + "/holders", after, Map.of("email", "OUTRO@cliente.com.br"));
        twice.then().statusCode(409);
        assertEquals("este email já usa o crédito da conta", text(parse(twice), "#holder-email-error"));
        Response invalid = s.operator.post(page(id) + "/holders", after, Map.of("email", "not an email"));
        invalid.then().statusCode(400);
        assertEquals("deve ser um email válido", text(parse(invalid), "#holder-email-error"));

        s.operator.post(remove.attr("action"), after, Map.of()).then().statusCode(303);
        Document removed = s.operator.page(page(id));
        assertEquals("Nenhum email adicional.", text(removed, ".holder-list li"));
        assertTrue(s.account(id).getList("holders").isEmpty());
    }

    @Test
    void closeIsRefusedWhileAHoldIsActive() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        s.hold(id, "120.00", "PED-ATIVO");
        Document page = s.operator.page(page(id));
        assertEquals(
                "Encerrar esta conta? Ela deixará de conceder crédito.",
                page.selectFirst("form[action$=/close]").attr("data-confirm"));

        Response refused =
                s.operator.post(page(id) + "/close", page, Map.of("reason", "pedido do cliente", "confirm", "yes"));

        refused.then().statusCode(409);
        Document answer = parse(refused);
        String alert = text(answer, ".alert-error");
        assertTrue(alert.contains("reservas ativas"), alert);
        assertTrue(alert.contains("R$ 120,00"), alert);
        assertEquals(
                page(id) + "?tab=holds", answer.selectFirst(".alert-error a").attr("href"));
        assertEquals("pedido do cliente", answer.selectFirst("#close-reason").val());
        assertEquals("OPEN", s.account(id).getString("status"));
    }

    @Test
    void closeAsksForConfirmationThenCloses() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        Document page = s.operator.page(page(id));

        Response unconfirmed = s.operator.post(page(id) + "/close", page, Map.of("reason", "fim do contrato"));
        unconfirmed.then().statusCode(400);
        Document again = parse(unconfirmed);
        assertEquals("Marque a confirmação para encerrar.", text(again, "#close-confirm-error"));
        assertNotNull(again.selectFirst(".close-card details[open]"));
        assertEquals("OPEN", s.account(id).getString("status"));

        s.operator
                .post(page(id) + "/close", page, Map.of("reason", "fim do contrato", "confirm", "yes"))
                .then()
                .statusCode(303);

        assertEquals("CLOSED", s.account(id).getString("status"));
        Document closed = s.operator.page(page(id) + "?done=closed");
        assertEquals("Conta encerrada.", text(closed, ".alert-ok strong"));
        assertEquals("Encerrada", text(closed, "h1 .badge"));
        assertTrue(
                closed.select("form[method=post]").stream()
                        .allMatch(f -> f.attr("action").equals("/console/logout")),
                "a closed account has nothing to edit");
        Element line = closed.selectFirst("table.statement tr[data-type=CLOSED]");
        assertEquals("Encerramento", line.child(1).text());
        assertEquals("fim do contrato", line.child(5).text());
    }

    @Test
    void aHoldsEntriesSayWhatHappenedInWords() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        String hold = s.hold(id, "100.00", "PED-7");
        String path = s.accounts() + "/" + id + "/holds/" + hold;
        Instant before = Instant.parse(
                as(s.integration).get(path).then().statusCode(200).extract().path("expiresAt"));
        Instant after = before.plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        as(s.checkout)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", 80, "expiresAt", after.toString()))
                .patch(path)
                .then()
                .statusCode(200);
        s.capture(id, hold, Map.of("amount", 50));

        Document page = s.operator.page(page(id) + "?tab=statement");
        assertEquals(
                List.of("OPENED", "HOLD_PLACED", "HOLD_ADJUSTED", "HOLD_CAPTURED", "HOLD_RELEASED"),
                page.select("table.statement tbody tr").eachAttr("data-type"));
        assertEquals(
                List.of(
                        "",
                        "Pedido PED-7",
                        "Pedido PED-7; validade " + Formats.dateTime(before) + " → " + Formats.dateTime(after),
                        "Pedido PED-7",
                        "Restante não capturado do pedido PED-7"),
                page.select("table.statement tbody tr td:eq(5)").stream()
                        .map(Element::text)
                        .toList());
        Document english = Jsoup.parse(s.operator
                .request()
                .cookie("aval-lang", "en")
                .get(page(id) + "?tab=statement")
                .asString());
        assertEquals(
                "Uncaptured rest of order PED-7",
                english.select("table.statement tbody tr td:eq(5)").get(4).text());
    }

    @Test
    void theStatementTabListsEntriesOldestFirstWithTotalsAndADateFilter() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        as(s.integration)
                .body(Map.of("creditLimit", 1500, "tolerance", 0.2))
                .patch(s.accounts() + "/" + id)
                .then()
                .statusCode(200);
        s.hold(id, "100.00", "PED-1");

        Document page = s.operator.page(page(id) + "?tab=statement");

        assertEquals("Extrato", text(page, ".tabs a[aria-current=page]"));
        assertEquals(
                List.of("OPENED", "LIMIT_CHANGED", "TOLERANCE_CHANGED", "HOLD_PLACED"),
                page.select("table.statement tbody tr").eachAttr("data-type"));
        assertEquals(
                List.of("Abertura", "Limite alterado", "Tolerância alterada", "Reserva"),
                page.select("table.statement tbody tr td:eq(1)").eachText());
        assertEquals(
                List.of("R$ 1.000,00", "R$ 500,00", "R$ 0,00", "R$ 100,00"),
                page.select("table.statement tbody tr td:eq(2)").eachText());
        assertEquals(
                "0% → 20%",
                page.select("table.statement tbody tr").get(2).child(5).text());
        assertEquals(
                "Chave de API test-INTEGRATION",
                page.select("table.statement tbody tr").get(1).child(6).text(),
                "an API key is named as it was issued");
        assertEquals("4", text(page, "#total-entries"));
        assertEquals("+R$ 1.500,00", text(page, "#total-limit"));
        assertEquals("R$ 0,00", text(page, "#total-outstanding"));
        assertEquals("+R$ 100,00", text(page, "#total-reserved"));
        assertEquals("Totais de todo o extrato", text(page, "#totals-h"));

        LocalDate today = LocalDate.now(ZoneId.of("America/Sao_Paulo"));
        Document todayOnly = s.operator.page(page(id) + "?tab=statement&from=" + today + "&to=" + today);
        assertEquals(4, todayOnly.select("table.statement tbody tr[data-type]").size());
        assertEquals("Totais do período", text(todayOnly, "#totals-h"));
        Document tomorrow = s.operator.page(page(id) + "?tab=statement&from=" + today.plusDays(1));
        assertTrue(tomorrow.select("table.statement tbody tr[data-type]").isEmpty());
        assertEquals("0", text(tomorrow, "#total-entries"));
        assertEquals("Nenhum lançamento no período.", text(tomorrow, "td.empty"));
        java.time.format.DateTimeFormatter br = java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy");
        Document typed =
                s.operator.page(page(id) + "?tab=statement&from=" + br.format(today) + "&to=" + br.format(today));
        assertEquals(4, typed.select("table.statement tbody tr[data-type]").size());
        assertEquals(
                "deve ser uma data (22/11/2026 ou 2026-11-22)",
                text(s.operator.page(page(id) + "?tab=statement&from=31/02/2026"), "#from-error"));
        Document backwards = s.operator.page(page(id) + "?tab=statement&from=" + today + "&to=" + today.minusDays(1));
        assertEquals("não pode ser antes do início", text(backwards, "#to-error"));
        assertEquals("true", backwards.selectFirst("#to").attr("aria-invalid"));
    }

    @Inject
    dev.aval.support.MovableClock clock;

    @Test
    void releasingAHoldThatExpiredMeanwhileSaysSo() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        s.hold(id, "250.00", "PED-EXPIRA");
        // the form as rendered while the hold was ACTIVE, sent after its expiresAt (7 days by default)
        String release = s.operator
                .page(page(id) + "?tab=holds")
                .selectFirst("table.holds tbody tr form")
                .attr("action");
        try {
            clock.advance(Duration.ofDays(8));
            ConsoleClient later = ConsoleClient.signedIn(s.d, "OPERATOR");
            Response answer = later.post(release, later.page(page(id) + "?tab=holds"), Map.of());
            answer.then().statusCode(303);
            assertTrue(answer.header("Location").endsWith("?done=hold_expired&tab=holds"), answer.header("Location"));
            Document after = later.page(page(id) + "?done=hold_expired&tab=holds");
            assertEquals("A reserva já tinha expirado: o valor já estava liberado.", text(after, ".alert-ok strong"));
            assertEquals(
                    "Expirada",
                    after.selectFirst("table.holds tbody tr").child(3).text());
        } finally {
            clock.reset();
        }
    }

    @Test
    void anActiveHoldIsReleasedFromTheHoldsTab() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        s.hold(id, "250.00", "PED-2026-0001");

        Document holds = s.operator.page(page(id) + "?tab=holds");

        assertEquals("Reservas", text(holds, ".tabs a[aria-current=page]"));
        Element row = holds.selectFirst("table.holds tbody tr");
        assertEquals("PED-2026-0001", row.child(0).text());
        assertEquals("R$ 250,00", row.child(1).text());
        assertEquals("Ativa", row.child(3).text());
        assertNotNull(row.selectFirst(".badge-ACTIVE"));
        Element release = row.selectFirst("form");
        assertEquals("Liberar a reserva do pedido PED-2026-0001?", release.attr("data-confirm"));

        Response released = s.operator.post(release.attr("action"), holds, Map.of());

        released.then().statusCode(303);
        assertTrue(released.header("Location").endsWith("?done=hold_released&tab=holds"));
        Document after = s.operator.page(page(id) + "?done=hold_released&tab=holds");
        assertEquals(
                "Liberada", after.selectFirst("table.holds tbody tr").child(3).text());
        assertNull(after.selectFirst("table.holds tbody tr form"), "only an ACTIVE hold may be released");
        assertEquals("R$ 0,00", text(after, ".account-figures .figure:eq(3) dd"));
    }

    @Test
    void invoicesArePaidAndCancelledAndOverdueIsMarked() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        String holdId = s.hold(id, "300.00", "PED-FATURA");
        // three installments of 100,00 due 5, 35 and 65 days after "5 days ago"
        s.capture(id, holdId, Map.of("installments", 3, "firstDueInDays", -5));

        Document invoices = s.operator.page(page(id) + "?tab=invoices");

        List<Element> rows = invoices.select("table.invoices tbody tr:not(.actions-row)");
        assertEquals(3, rows.size());
        assertEquals(
                List.of("1/3", "2/3", "3/3"),
                invoices.select("table.invoices tbody tr:not(.actions-row) td:eq(1)")
                        .eachText());
        assertEquals("PED-FATURA", rows.get(0).child(0).text());
        assertEquals("R$ 100,00", rows.get(0).child(2).text());
        assertEquals("R$ 0,00", rows.get(0).child(3).text());
        assertEquals("R$ 0,00", rows.get(0).child(4).text(), "credited");
        assertEquals("R$ 100,00", rows.get(0).child(5).text());
        assertTrue(rows.get(0).hasClass("overdue"));
        assertEquals("Vencida", rows.get(0).child(7).text());
        assertFalse(rows.get(1).hasClass("overdue"));
        assertEquals("Em aberto", rows.get(1).child(7).text());

        // a partial payment, then one over the rest (refused next to the amount), then the rest (blank amount)
        String pay = rows.get(0)
                .nextElementSibling()
                .selectFirst("form[action$=/pay]")
                .attr("action");
        String once = rows.get(0)
                .nextElementSibling()
                .selectFirst("form[action$=/pay] input[name=key]")
                .val();
        Map<String, String> payment = Map.of("amount", "40,00", "reference", "boleto 123", "key", once);
        s.operator.post(pay, invoices, payment).then().statusCode(303);
        // a double click sends the same rendered form again: the payment happens once
        s.operator.post(pay, invoices, payment).then().statusCode(303);
        Document partial = s.operator.page(page(id) + "?tab=invoices");
        assertEquals(
                "R$ 40,00",
                partial.selectFirst("table.invoices tbody tr:not(.actions-row)")
                        .child(3)
                        .text());
        assertEquals(
                "R$ 60,00",
                partial.selectFirst("table.invoices tbody tr:not(.actions-row)")
                        .child(5)
                        .text());
        // an amount too long to be a number is the form's error, never a 500
        Response tooLong = s.operator.post(pay, partial, Map.of("amount", "1".repeat(30)));
        tooLong.then().statusCode(400);
        String payId = pay.split("/invoices/")[1].split("/")[0];
        assertFalse(text(parse(tooLong), "#pay-amount-" + payId + "-error").isBlank());
        Map<String, String> over =
                Map.of("amount", "61,00", "key", UUID.randomUUID().toString());
        Response tooMuch = s.operator.post(pay, partial, over);
        tooMuch.then().statusCode(422);
        Document refused = parse(tooMuch);
        String invoiceId = pay.split("/invoices/")[1].split("/")[0];
        String overMessage = "o pagamento de R$ 61,00 excede o saldo devedor da fatura, R$ 60,00";
        assertEquals(overMessage, text(refused, "#pay-amount-" + invoiceId + "-error"));
        assertNotNull(refused.selectFirst("#invoice-" + invoiceId + " + tr.actions-row details[open]"));
        // also above the tab, where it is seen even when the invoice's form is on another page
        assertEquals(overMessage, text(refused, ".notice-detail"));
        // the same form sent again (F5, back): the stored refusal, told the same way
        Response again = s.operator.post(pay, partial, over);
        again.then().statusCode(422);
        assertEquals(overMessage, text(parse(again), "#pay-amount-" + invoiceId + "-error"));
        s.operator.post(pay, partial, Map.of("amount", "")).then().statusCode(303);
        Document paid = s.operator.page(page(id) + "?tab=invoices&done=invoice_paid");
        assertEquals("Pagamento registrado.", text(paid, ".alert-ok strong"));
        Element first = paid.selectFirst("table.invoices tbody tr:not(.actions-row)");
        assertEquals("Paga", first.child(7).text());
        assertFalse(first.hasClass("overdue"));
        assertTrue(paid.select("#" + first.id() + " + tr.actions-row").isEmpty(), "a paid invoice has no actions");

        // cancel the second: confirmation required
        String cancel = paid.select("table.invoices tbody tr:not(.actions-row)")
                .get(1)
                .nextElementSibling()
                .selectFirst("form[action$=/cancel]")
                .attr("action");
        assertEquals(
                "Cancelar esta fatura? O valor em aberto deixa de ser devido.",
                paid.select("table.invoices tbody tr:not(.actions-row)")
                        .get(1)
                        .nextElementSibling()
                        .selectFirst("form[action$=/cancel]")
                        .attr("data-confirm"));
        Response unconfirmed = s.operator.post(cancel, paid, Map.of("reason", "devolução"));
        unconfirmed.then().statusCode(400);
        String second = cancel.split("/invoices/")[1].split("/")[0];
        assertEquals(
                "Marque a confirmação para cancelar.",
                text(parse(unconfirmed), "#cancel-confirm-" + second + "-error"));
        s.operator
                .post(cancel, paid, Map.of("reason", "devolução", "confirm", "yes"))
                .then()
                .statusCode(303);
        // the same form sent again (no script to stop a double click): the invoice is as asked
        s.operator
                .post(cancel, paid, Map.of("reason", "devolução", "confirm", "yes"))
                .then()
                .statusCode(303)
                .header("Location", org.hamcrest.Matchers.endsWith("?done=invoice_already_cancelled&tab=invoices"));
        assertEquals(
                "A fatura já estava cancelada.",
                text(s.operator.page(page(id) + "?tab=invoices&done=invoice_already_cancelled"), ".alert-ok strong"));
        Document cancelled = s.operator.page(page(id) + "?tab=invoices&done=invoice_cancelled");
        assertEquals(
                "Cancelada",
                cancelled
                        .select("table.invoices tbody tr:not(.actions-row)")
                        .get(1)
                        .child(7)
                        .text());
        assertEquals("R$ 100,00", text(cancelled, ".account-figures .figure:eq(2) dd"), "only the third stays owed");

        Document statement = s.operator.page(page(id) + "?tab=statement");
        assertEquals(
                List.of("OPENED", "HOLD_PLACED", "HOLD_CAPTURED", "INVOICE_PAID", "INVOICE_PAID", "INVOICE_CANCELLED"),
                statement.select("table.statement tbody tr").eachAttr("data-type"));
        assertEquals("+R$ 100,00", text(statement, "#total-outstanding"));
    }

    @Test
    void anOpenInvoiceIsCreditedAndPostponedFromTheInvoicesTab() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        s.capture(id, s.hold(id, "100.00", "PED-NOTA"), Map.of("firstDueInDays", -5));
        Document invoices = s.operator.page(page(id) + "?tab=invoices");
        Element row = invoices.selectFirst("table.invoices tbody tr:not(.actions-row)");
        assertTrue(row.hasClass("overdue"));
        String credit =
                row.nextElementSibling().selectFirst("form[action$=/credit]").attr("action");
        String invoiceId = credit.split("/invoices/")[1].split("/")[0];
        String once = row.nextElementSibling()
                .selectFirst("form[action$=/credit] input[name=key]")
                .val();

        // more than the unpaid rest: refused next to the amount, in Portuguese
        Response tooMuch = s.operator.post(credit, invoices, Map.of("amount", "100,01", "key", once));
        tooMuch.then().statusCode(422);
        Document refused = parse(tooMuch);
        assertTrue(
                text(refused, "#credit-amount-" + invoiceId + "-error")
                        .contains("a nota de crédito de R$ 100,01 excede o saldo devedor da fatura"),
                text(refused, "#credit-amount-" + invoiceId + "-error"));
        assertNotNull(refused.selectFirst("#invoice-" + invoiceId + " + tr.actions-row details[open]"));
        Response blank = s.operator.post(credit, invoices, Map.of("amount", ""));
        blank.then().statusCode(400);
        assertEquals("é obrigatório", text(parse(blank), "#credit-amount-" + invoiceId + "-error"));

        // a credit note of 30,00; the same rendered form sent twice credits once
        String fresh = row.nextElementSibling()
                .selectFirst("form[action$=/credit] input[name=key]")
                .val();
        Map<String, String> note =
                Map.of("amount", "30,00", "reason", "devolução de 3 caixas", "reference", "NC-9", "key", fresh + "-2");
        s.operator.post(credit, invoices, note).then().statusCode(303);
        s.operator.post(credit, invoices, note).then().statusCode(303);
        Document credited = s.operator.page(page(id) + "?tab=invoices&done=invoice_credited");
        assertEquals("Nota de crédito registrada.", text(credited, ".alert-ok strong"));
        assertEquals("R$ 70,00", text(credited, ".account-figures .figure:eq(2) dd"));
        assertTrue(text(credited, "#credit-amount-" + invoiceId + "-hint").contains("R$ 70,00"));
        // what is owed, on the account's invoices and in Cobrança: the credit note taken off
        // and the credit note itself, so that amount − paid − credited reads as what is owed
        assertEquals(
                List.of("R$ 100,00", "R$ 0,00", "R$ 30,00", "R$ 70,00"),
                credited.select("#invoice-" + invoiceId + " td").subList(2, 6).stream()
                        .map(Element::text)
                        .toList());
        Element billed = s.operator.page("/console/invoices").selectFirst("tbody tr");
        assertEquals(
                List.of("R$ 100,00", "R$ 0,00", "R$ 30,00", "R$ 70,00"),
                billed.select("td").subList(4, 8).stream().map(Element::text).toList());

        // postpone: not later than the current date is refused next to the date; then 40 days later
        String postpone = credited.selectFirst("form[action$=/postpone]").attr("action");
        String due = as(s.integration)
                .get(s.accounts() + "/" + id + "/invoices/" + invoiceId)
                .then()
                .statusCode(200)
                .extract()
                .path("dueDate");
        Response notLater = s.operator.post(postpone, credited, Map.of("dueDate", due));
        notLater.then().statusCode(422);
        assertTrue(
                text(parse(notLater), "#postpone-due-" + invoiceId + "-error").contains("deve ser posterior ao atual"));
        Response noDate = s.operator.post(postpone, credited, Map.of("dueDate", "31/02/2026"));
        noDate.then().statusCode(400);
        assertEquals(
                "deve ser uma data (22/11/2026 ou 2026-11-22)",
                text(parse(noDate), "#postpone-due-" + invoiceId + "-error"));
        String later = java.time.LocalDate.parse(due).plusDays(40).toString();
        s.operator
                .post(postpone, credited, Map.of("dueDate", later, "reason", "acordo"))
                .then()
                .statusCode(303);
        Document postponed = s.operator.page(page(id) + "?tab=invoices&done=invoice_postponed");
        assertEquals("Vencimento prorrogado.", text(postponed, ".alert-ok strong"));
        assertFalse(postponed
                .selectFirst("table.invoices tbody tr:not(.actions-row)")
                .hasClass("overdue"));

        Document statement = s.operator.page(page(id) + "?tab=statement");
        assertEquals(
                List.of("OPENED", "HOLD_PLACED", "HOLD_CAPTURED", "INVOICE_CREDITED", "INVOICE_POSTPONED"),
                statement.select("table.statement tbody tr").eachAttr("data-type"));
        // the details the service writes (English in the API) read in the page's language
        java.time.format.DateTimeFormatter br = java.time.format.DateTimeFormatter.ofPattern("dd/MM/uuuu");
        assertEquals(
                List.of(
                        "",
                        "Pedido PED-NOTA",
                        "Pedido PED-NOTA",
                        "devolução de 3 caixas",
                        "Vencimento " + java.time.LocalDate.parse(due).format(br) + " → "
                                + java.time.LocalDate.parse(later).format(br) + " · acordo"),
                statement.select("table.statement tbody tr td:eq(5)").stream()
                        .map(Element::text)
                        .toList());

        // a viewer gets no such forms, and its forged post is refused
        ConsoleClient viewer = ConsoleClient.signedIn(s.d, "VIEWER");
        Document seen = viewer.page(page(id) + "?tab=invoices");
        assertNull(seen.selectFirst("form[action$=/credit]"));
        viewer.post(credit, seen, Map.of("amount", "1,00")).then().statusCode(403);
    }

    @Test
    void longListsArePagedByFifty() {
        Setup s = new Setup();
        String id = s.open("100000.00", "0");
        for (int i = 1; i <= 51; i++) {
            s.hold(id, "1.00", "PED-" + i);
        }

        Document first = s.operator.page(page(id) + "?tab=holds");
        assertEquals(50, first.select("table.holds tbody tr").size());
        assertNull(first.selectFirst(".pager a[rel=prev]"));
        Document second =
                s.operator.page(first.selectFirst(".pager a[rel=next]").attr("href"));
        assertEquals(
                List.of("PED-51"),
                second.select("table.holds tbody tr td:eq(0)").eachText());
        assertNull(second.selectFirst(".pager a[rel=next]"));
        Document back = s.operator.page(second.selectFirst(".pager a[rel=prev]").attr("href"));
        assertEquals("PED-1", back.selectFirst("table.holds tbody tr td").text());

        // the statement (52 entries): the totals cover the whole range on every page
        Document statement = s.operator.page(page(id));
        assertEquals(50, statement.select("table.statement tbody tr").size());
        Document rest =
                s.operator.page(statement.selectFirst(".pager a[rel=next]").attr("href"));
        assertEquals(2, rest.select("table.statement tbody tr").size());
        assertEquals("52", text(rest, "#total-entries"));
        assertEquals("Extrato", text(rest, ".tabs a[aria-current=page]"));
    }

    @Test
    void aViewerSeesNoFormsAndItsForgedPostsAreRefused() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0");
        String holdId = s.hold(id, "300.00", "PED-V");
        s.capture(id, holdId, Map.of("installments", 2));
        s.hold(id, "50.00", "PED-W");
        ConsoleClient viewer = ConsoleClient.signedIn(s.d, "VIEWER");

        for (String tab : List.of("statement", "holds", "invoices")) {
            Document page = viewer.page(page(id) + "?tab=" + tab);
            assertEquals(
                    List.of("/console/logout"), page.select("form[method=post]").eachAttr("action"), tab);
            assertTrue(
                    page.select("#edit-email, #holder-email, #close-reason, .row-actions")
                            .isEmpty(),
                    tab);
        }
        Document page = viewer.page(page(id));
        String version = Long.toString(s.account(id).getLong("version"));
        Response forged = viewer.post(
                page(id) + "/edit",
                page,
                Map.of("version", version, "email", "x@y.com.br", "creditLimit", "9.999,00", "tolerance", "0"));
        forged.then().statusCode(403);
        assertEquals("Acesso negado", text(parse(forged), "h1"));
        viewer.post(page(id) + "/close", page, Map.of("confirm", "yes")).then().statusCode(403);
        viewer.post(page(id) + "/holders", page, Map.of("email", "x@y.com.br"))
                .then()
                .statusCode(403);
        viewer.post(page(id) + "/holds/" + holdId + "/release", page, Map.of())
                .then()
                .statusCode(403);
        JsonPath account = s.account(id);
        assertEquals(0, new BigDecimal("1000").compareTo(new BigDecimal(account.getString("creditLimit"))));
        assertEquals("OPEN", account.getString("status"));
        assertTrue(account.getList("holders").isEmpty());
        // and an OPERATOR's POST without the token is refused too
        s.operator.postRaw(page(id) + "/close", Map.of("confirm", "yes")).then().statusCode(403);
        assertEquals("OPEN", s.account(id).getString("status"));
    }

    @Test
    void aNulCharacterOrAnImpossibleDateInAnyFormIsThatFieldsErrorNeverA500() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0.1");
        String holdId = s.hold(id, "300.00", "PED-NUL");
        s.capture(id, holdId, Map.of("installments", 1, "firstDueInDays", 10));
        Document invoices = s.operator.page(page(id) + "?tab=invoices");
        Element row = invoices.selectFirst("table.invoices tbody tr:not(.actions-row)");
        String version = Long.toString(s.account(id).getLong("version"));
        String nul = "a\u0000b";
        Map<String, Map<String, String>> forms = new java.util.LinkedHashMap<>();
        forms.put(
                page(id) + "/edit",
                Map.of(
                        "version",
                        version,
                        "email",
                        "x@y.com.br",
                        "creditLimit",
                        "1000",
                        "tolerance",
                        "10",
                        "reason",
                        nul));
        forms.put(page(id) + "/holders", Map.of("email", nul + "@y.com.br"));
        forms.put(page(id) + "/close", Map.of("reason", nul, "confirm", "yes"));
        forms.put(
                row.nextElementSibling().selectFirst("form[action$=/pay]").attr("action"),
                Map.of("amount", "1,00", "reference", nul));
        forms.put(
                row.nextElementSibling().selectFirst("form[action$=/credit]").attr("action"),
                Map.of("amount", "1,00", "reason", nul, "reference", nul));
        forms.put(
                row.nextElementSibling().selectFirst("form[action$=/postpone]").attr("action"),
                Map.of("dueDate", "2099-01-01", "reason", nul));
        forms.put(
                row.nextElementSibling().selectFirst("form[action$=/postpone]").attr("action") + "#date",
                Map.of("dueDate", "99999-01-01"));
        forms.put(
                row.nextElementSibling().selectFirst("form[action$=/cancel]").attr("action"),
                Map.of("reason", nul, "confirm", "yes"));
        List<String> wrong = new java.util.ArrayList<>();
        for (var form : forms.entrySet()) {
            Response answer = s.operator.post(form.getKey().replace("#date", ""), invoices, form.getValue());
            int status = answer.statusCode();
            String nulField = form.getValue().entrySet().stream()
                    .filter(f -> f.getValue().contains(nul))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            // a NUL: the page naming the field; the impossible date: the due date marked in its form
            boolean named = nulField == null
                    ? parse(answer).selectFirst("input[name=dueDate][aria-invalid=true]") != null
                    : status == 400
                            && parse(answer).selectFirst("main p").text().contains("“" + nulField + "”");
            if (status < 400 || status >= 500 || !named) {
                wrong.add(form.getKey().replaceAll(".*/", "") + " "
                        + form.getValue().keySet() + " answered " + status);
            }
        }
        assertEquals(List.of(), wrong);
        // and nothing was changed by any of them
        JsonPath account = s.account(id);
        assertEquals("OPEN", account.getString("status"));
        assertEquals("compras@cliente.com.br", account.getString("email"));
        assertTrue(account.getList("holders").isEmpty());
    }

    @Test
    void anotherDistributorsAccountAndAMalformedIdAreTheNotFoundPage() {
        Setup a = new Setup();
        Setup b = new Setup();
        String theirs = b.open("1000.00", "0");

        for (String path : List.of(
                page(theirs),
                page(theirs) + "?tab=holds",
                page(theirs) + "?tab=invoices",
                "/console/accounts/not-a-uuid")) {
            Response response = a.operator.get(path);
            response.then().statusCode(404).contentType(org.hamcrest.Matchers.startsWith("text/html"));
            Document notFound = parse(response);
            assertEquals("Conta não encontrada", text(notFound, "h1"), path);
            // signed in, the page keeps the console's menu: the way on is one click
            assertNotNull(notFound.selectFirst("nav.sidenav a[aria-current=page][href=/console/accounts]"), path);
        }
        Document mine = a.operator.page("/console/accounts");
        a.operator
                .post(
                        page(theirs) + "/edit",
                        mine,
                        Map.of("version", "0", "email", "x@y.com.br", "creditLimit", "1", "tolerance", "0"))
                .then()
                .statusCode(404);
        a.operator
                .post(page(theirs) + "/close", mine, Map.of("confirm", "yes"))
                .then()
                .statusCode(404);
        assertEquals("OPEN", b.account(theirs).getString("status"));
    }

    @Test
    void everyFormCarriesTheCsrfTokenAndTheTabsMarkTheCurrentOne() {
        Setup s = new Setup();
        String id = s.open("1000.00", "0.05");
        s.capture(id, s.hold(id, "100.00", "PED-C"), Map.of("installments", 2));
        s.hold(id, "10.00", "PED-D");
        as(s.integration)
                .body(Map.of("email", "outro@cliente.com.br"))
                .post(s.accounts() + "/" + id + "/holders")
                .then()
                .statusCode(201);

        for (String tab : List.of("statement", "holds", "invoices")) {
            Document page = s.operator.page(page(id) + "?tab=" + tab);
            String token = ConsoleClient.csrf(page);
            List<Element> forms = page.select("form[method=post]");
            assertTrue(forms.size() >= 5, tab + ": " + forms.size());
            for (Element form : forms) {
                assertEquals(
                        token, form.selectFirst("input[type=hidden][name=csrf]").val(), form.attr("action"));
            }
            assertEquals(1, page.select(".tabs a[aria-current=page]").size());
            assertTrue(
                    page.selectFirst(".tabs a[aria-current=page]").attr("href").endsWith("?tab=" + tab + "#tabs"));
            for (Element input : page.select("input:not([type=hidden]), select")) {
                assertNotNull(
                        page.selectFirst("label[for=" + input.id() + "]"), "a label for " + input.id() + " on " + tab);
            }
        }
        Document invoices = s.operator.page(page(id) + "?tab=invoices");
        assertEquals(2, invoices.select("form[action$=/pay]").size());
        assertEquals(2, invoices.select("form[action$=/cancel][data-confirm]").size());
        assertEquals(2, invoices.select("form[action$=/credit] input[name=key]").size());
        assertEquals(
                2, invoices.select("form[action$=/postpone] input[type=date]").size());
    }
}
