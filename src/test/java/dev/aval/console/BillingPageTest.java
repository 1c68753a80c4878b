package dev.aval.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;

@AvalTest
class BillingPageTest {

    /** An APV customer's account with one captured order in invoices due {@code firstDueInDays} from today. */
    private static String invoiced(
            String distributor, String key, String document, String amount, int installments, int firstDueInDays) {
        return invoiced(distributor, key, "CPF", document, amount, installments, firstDueInDays);
    }

    private static String invoiced(
            String distributor,
            String key,
            String documentType,
            String document,
            String amount,
            int installments,
            int firstDueInDays) {
        Api.as(key)
                .body(Map.of("status", "APV", "documentType", documentType))
                .put("/v1/distributors/" + distributor + "/customers/" + document + "/status")
                .then()
                .statusCode(200);
        String accounts = "/v1/distributors/" + distributor + "/credit-accounts";
        String account = Api.as(key)
                .body(Map.of(
                        "documentType",
                        documentType,
                        "document",
                        document,
                        "email",
                        "c@cliente.com.br",
                        "creditLimit",
                        "10000"))
                .post(accounts)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String hold = Api.as(key)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", new BigDecimal(amount), "orderId", "pedido-" + document))
                .post(accounts + "/" + account + "/holds")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Api.as(key)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("installments", installments, "firstDueInDays", firstDueInDays))
                .post(accounts + "/" + account + "/holds/" + hold + "/capture")
                .then()
                .statusCode(200);
        return account;
    }

    @Test
    void overdueInvoicesComeFirstMarkedAndFormatted() {
        String d = Api.newDistributor();
        String key = Api.key(d, "INTEGRATION");
        String late = Api.newCpf();
        String onTime = Api.newCpf();
        invoiced(d, key, onTime, "300.00", 1, 30);
        String lateAccount = invoiced(d, key, late, "1000.01", 2, -40);
        Document page = ConsoleClient.signedIn(d, "VIEWER").page("/console/invoices");
        List<Element> rows = page.select("tbody tr");
        assertEquals(3, rows.size());
        assertTrue(rows.get(0).hasClass("overdue"));
        assertNotNull(rows.get(0).selectFirst(".badge-overdue"));
        String lateInvoice = Api.as(key)
                .get("/v1/distributors/" + d + "/invoices")
                .then()
                .extract()
                .path("items[0].id");
        assertEquals(
                "/console/accounts/" + lateAccount + "?tab=invoices&invoice=" + lateInvoice + "#invoice-" + lateInvoice,
                rows.get(0).selectFirst("a").attr("href"));
        // the link opens that invoice, wherever it is in the account's list, with the way to the others
        ConsoleClient viewer = ConsoleClient.signedIn(d, "VIEWER");
        Document one = viewer.page("/console/accounts/" + lateAccount + "?tab=invoices&invoice=" + lateInvoice);
        assertEquals(1, one.select("table.invoices tbody tr:not(.actions-row)").size());
        assertNotNull(one.selectFirst("table.invoices #invoice-" + lateInvoice));
        assertEquals(
                "/console/accounts/" + lateAccount + "?tab=invoices#tabs",
                one.selectFirst("#all-invoices").attr("href"));
        // an invoice of another account: that account's invoices, as without one
        Document other = viewer.page("/console/accounts/" + lateAccount + "?tab=invoices&invoice=" + UUID.randomUUID());
        assertEquals(
                2, other.select("table.invoices tbody tr:not(.actions-row)").size());
        assertNull(other.selectFirst("#all-invoices"));
        assertEquals(Formats.doc(late), rows.get(0).select("td").get(1).text());
        assertEquals("1/2", rows.get(0).select("td").get(3).text());
        assertEquals("R$ 500,00", rows.get(0).select("td").get(4).text());
        assertEquals("R$ 500,01", rows.get(1).select("td").get(4).text());
        assertEquals("R$ 300,00", rows.get(2).select("td").get(7).text());
        assertTrue(rows.get(2).select(".badge-overdue").isEmpty());
    }

    @Test
    void aForeignDocumentIsShownAsTyped() {
        String d = Api.newDistributor();
        String key = Api.key(d, "INTEGRATION");
        String foreign = "9" + Api.newCpf().substring(1);
        invoiced(d, key, "OTHER", foreign, "100.00", 1, 30);
        Document page = ConsoleClient.signedIn(d, "VIEWER").page("/console/invoices");
        assertEquals(foreign, page.selectFirst("tbody tr").select("td").get(1).text(), "11 characters, not a CPF");
        Api.as(key)
                .get("/v1/distributors/" + d + "/invoices")
                .then()
                .statusCode(200)
                .body("items[0].documentType", org.hamcrest.Matchers.equalTo("OTHER"));
    }

    @Test
    void filtersByOverdueAndDocument() {
        String d = Api.newDistributor();
        String key = Api.key(d, "INTEGRATION");
        String late = Api.newCpf();
        String onTime = Api.newCpf();
        invoiced(d, key, late, "100.00", 1, -30);
        invoiced(d, key, onTime, "200.00", 1, 30);
        ConsoleClient user = ConsoleClient.signedIn(d, "OPERATOR");
        assertEquals(
                1,
                user.page("/console/invoices?overdue=true")
                        .select("tbody tr.overdue")
                        .size());
        Document byDocument = user.page("/console/invoices?document=" + Formats.doc(onTime));
        assertEquals(1, byDocument.select("tbody tr").size());
        assertEquals("R$ 200,00", byDocument.select("tbody td").get(4).text());
        Document bad = user.page("/console/invoices?dueFrom=2026-13-45");
        assertEquals(
                "deve ser uma data (22/11/2026 ou 2026-11-22)",
                bad.selectFirst("#filter-error").text());
        assertEquals("true", bad.selectFirst("#dueFrom").attr("aria-invalid"));
        // typed by hand, as the message says
        String from = java.time.LocalDate.now()
                .minusDays(60)
                .format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/uuuu"));
        assertEquals(
                1,
                user.page("/console/invoices?dueFrom=" + from + "&dueTo=")
                        .select("tbody tr.overdue")
                        .size());
        // an inverted range is told next to its field, the filters kept
        Document inverted = user.page("/console/invoices?dueFrom=2026-12-31&dueTo=2026-12-01&document=123");
        assertEquals(
                "não pode ser antes de \u201cVence a partir de\u201d",
                inverted.selectFirst("#filter-error").text());
        assertEquals("true", inverted.selectFirst("#dueTo").attr("aria-invalid"));
        assertEquals("2026-12-31", inverted.selectFirst("#dueFrom").val());
    }

    @Test
    void everyStatusListsTheOverdueFirstAcrossPages() {
        String d = Api.newDistributor();
        String key = Api.key(d, "INTEGRATION");
        String paidDocument = Api.newCpf();
        String paidAccount = invoiced(d, key, paidDocument, "10.00", 1, -365);
        Api.payFirstInvoice(key, d, paidAccount);
        for (int i = 0; i < 4; i++) {
            invoiced(d, key, Api.newCpf(), "120.00", 12, -360); // 48 overdue, due −360 … −30 days
        }
        invoiced(d, key, Api.newCpf(), "120.00", 12, 10); // 12 to come, due +10 … +340 days
        ConsoleClient user = ConsoleClient.signedIn(d, "VIEWER");
        Document first = user.page("/console/invoices?status=");
        List<Element> rows = first.select("tbody tr");
        assertEquals(50, rows.size());
        for (int i = 0; i < 48; i++) {
            assertTrue(rows.get(i).hasClass("overdue"), "row " + i);
        }
        // after the overdue: the rest by due date, the invoice paid long ago first
        assertEquals(Formats.doc(paidDocument), rows.get(48).select("td").get(1).text());
        assertTrue(rows.get(48).select("td.hide-phone .badge-PAID").size() == 1
                && !rows.get(48).hasClass("overdue"));
        // on phones the status column is hidden: the due date carries the badge
        assertEquals(1, rows.get(48).select("td:eq(0) .badge-PAID.phone-only").size());
        assertEquals(1, rows.get(0).select("td:eq(0) .badge-overdue.phone-only").size());
        assertEquals("1/12", rows.get(49).select("td").get(3).text());
        Document second = user.page(first.selectFirst("a[rel=next]").attr("href"));
        List<Element> more = second.select("tbody tr");
        assertEquals(11, more.size());
        assertEquals("2/12", more.get(0).select("td").get(3).text());
        assertTrue(second.select("a[rel=next]").isEmpty());
        assertEquals(
                50,
                user.page(second.selectFirst("a[rel=prev]").attr("href"))
                        .select("tbody tr")
                        .size());
        // the default list (OPEN) pages by due date as the API does
        // the default list (OPEN) leaves the paid one out
        List<Element> open = user.page("/console/invoices").select("tbody tr");
        assertEquals("1/12", open.get(48).select("td").get(3).text());
        assertEquals(400, user.get("/console/invoices?status=&cursor=Xyz").statusCode());
    }

    @Test
    void aUserSeesOnlyItsDistributorsInvoices() {
        String a = Api.newDistributor();
        String b = Api.newDistributor();
        invoiced(b, Api.key(b, "INTEGRATION"), Api.newCpf(), "100.00", 1, -30);
        Document page = ConsoleClient.signedIn(a, "OPERATOR").page("/console/invoices?status=");
        assertEquals(1, page.select("tbody td.empty").size());
    }
}
