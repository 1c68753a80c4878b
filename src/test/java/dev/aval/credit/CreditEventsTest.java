package dev.aval.credit;

import static dev.aval.support.Api.as;
import static dev.aval.support.Waits.TIMEOUT;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.aval.console.ConsoleClient;
import dev.aval.events.Feed;
import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import dev.aval.support.MovableClock;
import io.restassured.path.json.JsonPath;

/**
 * The credit feature's change events (events.md): each change appears in the distributor's feed,
 * once, with {@code data} the resource as the API answers it after the change (plus reason and
 * actor); a refused change leaves none.
 */
@AvalTest
class CreditEventsTest {

    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    @Inject
    MovableClock clock;

    @Inject
    InvoiceService invoices;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The distributor's credit, hold, invoice and import events (customer events left out), oldest first. */
    private static List<Map<String, Object>> credit(Fixture f, int atLeast) {
        List<Map<String, Object>> credit = new java.util.ArrayList<>();
        Awaitility.await("at least " + atLeast + " credit events")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    credit.clear();
                    for (Map<String, Object> e : all(f)) {
                        if (!((String) e.get("type")).startsWith("customer.")) {
                            credit.add(e);
                        }
                    }
                    return credit.size() >= atLeast;
                });
        return credit;
    }

    /** Every event the feed has now. */
    private static List<Map<String, Object>> all(Fixture f) {
        List<Map<String, Object>> seen = new java.util.ArrayList<>();
        long after = 0;
        while (true) {
            JsonPath page = Feed.page(f.readOnly, f.distributorId, after);
            List<Map<String, Object>> items = page.getList("items");
            seen.addAll(items);
            if (items.isEmpty()) {
                return seen;
            }
            after = page.getLong("nextAfter");
        }
    }

    private static List<String> types(List<Map<String, Object>> events) {
        return events.stream().map(e -> (String) e.get("type")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> event) {
        return (Map<String, Object>) event.get("data");
    }

    /** Every member the API answered is in the event's data with the same value. */
    private static void assertResource(Map<String, Object> answer, Map<String, Object> data) {
        for (Map.Entry<String, Object> member : answer.entrySet()) {
            assertEquals(member.getValue(), data.get(member.getKey()), member.getKey() + " of " + data);
        }
    }

    private static io.restassured.specification.RequestSpecification paying(Fixture f) {
        return as(f.integration).header("Idempotency-Key", UUID.randomUUID().toString());
    }

    private static String keyId(String key) {
        return as(key).get("/v1/me").then().statusCode(200).extract().path("keyId");
    }

    private static Map<String, Object> json(io.restassured.response.Response response, int status) {
        return response.then().statusCode(status).extract().jsonPath().getMap("");
    }

    @Test
    void accountChangesAreEventsWithTheAccountAsTheApiAnswersIt() {
        Fixture f = Fixture.create();
        String document = Api.newCpf();
        Map<String, Object> opened = json(
                as(f.integration)
                        .body(Map.of(
                                "document",
                                document,
                                "email",
                                "compras@cliente.com.br",
                                "creditLimit",
                                new BigDecimal("1000.00")))
                        .post(f.accounts()),
                201);
        String id = (String) opened.get("id");
        Map<String, Object> patched = json(
                as(f.integration)
                        .body(Map.of("creditLimit", "1500.00", "tolerance", "0.1", "reason", "good payer"))
                        .patch(f.account(id)),
                200);
        // the same values again: no change, no event
        as(f.integration)
                .body(Map.of("creditLimit", "1500.00", "email", "compras@cliente.com.br"))
                .patch(f.account(id))
                .then()
                .statusCode(200);
        Map<String, Object> holder = json(
                as(f.integration).body(Map.of("email", "outro@cliente.com.br")).post(f.account(id) + "/holders"), 201);
        Map<String, Object> withHolder = f.get(id).getMap("");
        as(f.integration)
                .delete(f.account(id) + "/holders/" + holder.get("id"))
                .then()
                .statusCode(204);
        Map<String, Object> withoutHolder = f.get(id).getMap("");
        Map<String, Object> closed =
                json(as(f.integration).body(Map.of("reason", "end of contract")).post(f.account(id) + "/close"), 200);

        List<Map<String, Object>> events = credit(f, 5);
        assertEquals(
                List.of(
                        "credit_account.opened",
                        "credit_account.updated",
                        "credit_account.holder_added",
                        "credit_account.holder_removed",
                        "credit_account.closed"),
                types(events));
        events.forEach(e -> assertEquals(id, e.get("subject")));
        String actor = keyId(f.integration);
        events.forEach(e -> assertEquals(actor, data(e).get("actor")));
        assertResource(opened, data(events.get(0)));
        assertResource(patched, data(events.get(1)));
        assertEquals("good payer", data(events.get(1)).get("reason"));
        assertResource(withHolder, data(events.get(2)));
        assertEquals(holder, data(events.get(2)).get("holder"));
        assertResource(withoutHolder, data(events.get(3)));
        assertEquals(holder, data(events.get(3)).get("holder"));
        assertResource(closed, data(events.get(4)));
        assertEquals("CLOSED", data(events.get(4)).get("status"));
        assertEquals("end of contract", data(events.get(4)).get("reason"));
        // amounts keep their two decimals in the event's JSON, as in the API's
        String raw = as(f.readOnly)
                .queryParam("types", "credit_account.opened")
                .get(Feed.path(f.distributorId))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(raw.contains("\"creditLimit\":1000.00"), raw);
        assertTrue(raw.contains("\"tolerance\":0.0000"), raw);
    }

    @Test
    void holdChangesAreEventsAndACaptureCreatesItsInvoices() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        Map<String, Object> placed = json(
                f.idempotent(UUID.randomUUID().toString())
                        .body(Map.of("amount", new BigDecimal("300.00"), "orderId", "order-events-1"))
                        .post(f.account(id) + "/holds"),
                201);
        String holdId = (String) placed.get("id");
        String hold = f.account(id) + "/holds/" + holdId;
        Map<String, Object> adjusted = json(
                f.idempotent(UUID.randomUUID().toString())
                        .body(Map.of("amount", new BigDecimal("400.00")))
                        .patch(hold),
                200);
        JsonPath capture =
                f.capture(id, holdId, Map.of("amount", new BigDecimal("100.00"), "installments", 2, "final", false));
        Map<String, Object> released = json(as(f.checkout).post(hold + "/release"), 200);

        List<Map<String, Object>> events = credit(f, 7);
        assertEquals(
                List.of(
                        "credit_account.opened",
                        "hold.placed",
                        "hold.adjusted",
                        "hold.captured",
                        "invoice.created",
                        "invoice.created",
                        "hold.released"),
                types(events));
        for (int i = 1; i <= 3; i++) {
            assertEquals(holdId, events.get(i).get("subject"));
        }
        assertEquals(holdId, events.get(6).get("subject"));
        assertResource(placed, data(events.get(1)));
        assertResource(adjusted, data(events.get(2)));
        assertEquals(keyId(f.checkout), data(events.get(1)).get("actor"));
        Map<String, Object> captured = data(events.get(3));
        assertResource(capture.getMap("hold"), captured);
        assertEquals(capture.getList("invoices"), captured.get("invoices"));
        List<Map<String, Object>> created = capture.getList("invoices");
        for (int i = 0; i < 2; i++) {
            assertEquals(created.get(i).get("id"), events.get(4 + i).get("subject"));
            assertResource(created.get(i), data(events.get(4 + i)));
        }
        assertResource(released, data(events.get(6)));
        // partly captured, then released: CAPTURED (what was captured stands)
        assertEquals("CAPTURED", data(events.get(6)).get("status"));
    }

    @Test
    void refusedChangesLeaveNoEvent() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("100.00", null);
        f.hold(id, "100.01").then().statusCode(422).body("code", equalTo("CREDIT_INSUFFICIENT"));
        String holdId = f.placeHold(id, "60.00");
        // above what the hold reserves: refused after the hold and the account were locked
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("amount", new BigDecimal("60.01")))
                .post(f.account(id) + "/holds/" + holdId + "/capture")
                .then()
                .statusCode(422)
                .body("code", equalTo("CAPTURE_EXCEEDS_HOLD"));
        f.idempotent(UUID.randomUUID().toString())
                .body(Map.of("amount", new BigDecimal("100.01")))
                .patch(f.account(id) + "/holds/" + holdId)
                .then()
                .statusCode(422)
                .body("code", equalTo("CREDIT_INSUFFICIENT"));
        as(f.integration).post(f.account(id) + "/close").then().statusCode(409);
        as(f.integration)
                .body(Map.of("email", "compras-" + "x" + "@cliente.com.br"))
                .post(f.account(id) + "/holders")
                .then()
                .statusCode(201);
        as(f.integration)
                .body(Map.of("email", "COMPRAS-x@cliente.com.br"))
                .post(f.account(id) + "/holders")
                .then()
                .statusCode(409);
        as(f.checkout)
                .post(f.account(id) + "/holds/" + holdId + "/release")
                .then()
                .statusCode(200);

        // only what committed: the opening, the one hold placed, the holder, the release
        List<Map<String, Object>> events = credit(f, 4);
        assertEquals(
                List.of("credit_account.opened", "hold.placed", "credit_account.holder_added", "hold.released"),
                types(events));
        assertEquals(holdId, events.get(1).get("subject"));
    }

    @Test
    void theSweeperRecordsAnExpiryAsHoldExpiredBySystem() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("100.00", null);
        String holdId = f.hold(id, "40.00", clock.instant().plus(Duration.ofHours(1)))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        List<Map<String, Object>> events = credit(f, 3);
        assertEquals(List.of("credit_account.opened", "hold.placed", "hold.expired"), types(events));
        Map<String, Object> expired = events.get(2);
        assertEquals(holdId, expired.get("subject"));
        assertEquals("EXPIRED", data(expired).get("status"));
        assertEquals("system", data(expired).get("actor"));
        assertResource(
                as(f.readOnly)
                        .get(f.account(id) + "/holds/" + holdId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap(""),
                data(expired));
    }

    @Test
    void invoiceChangesAreEventsWithWhatChanged() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        JsonPath capture = f.capture(id, f.placeHold(id, "400.00"), Map.of("installments", 4, "firstDueInDays", 30));
        List<String> ids = capture.getList("invoices.id");
        String invoices = f.account(id) + "/invoices/";
        Map<String, Object> partly = json(
                paying(f)
                        .body(Map.of("amount", new BigDecimal("40.00"), "reference", "boleto 123"))
                        .post(invoices + ids.get(0) + "/payments"),
                200);
        Map<String, Object> paid = json(paying(f).body(Map.of()).post(invoices + ids.get(0) + "/payments"), 200);
        Map<String, Object> note = json(
                paying(f)
                        .body(Map.of("amount", new BigDecimal("10.00"), "reason", "goods returned"))
                        .post(invoices + ids.get(1) + "/credit-notes"),
                201);
        Map<String, Object> credited = as(f.readOnly)
                .get(invoices + ids.get(1))
                .then()
                .extract()
                .jsonPath()
                .getMap("");
        LocalDate later =
                LocalDate.parse(capture.getString("invoices[2].dueDate")).plusDays(10);
        Map<String, Object> postponed = json(
                as(f.integration)
                        .body(Map.of("dueDate", later.toString(), "reason", "asked by the customer"))
                        .post(invoices + ids.get(2) + "/postpone"),
                200);
        Map<String, Object> cancelled = json(
                as(f.integration).body(Map.of("reason", "order cancelled")).post(invoices + ids.get(3) + "/cancel"),
                200);

        List<Map<String, Object>> events = credit(f, 12);
        assertEquals(
                List.of("invoice.paid", "invoice.paid", "invoice.credited", "invoice.postponed", "invoice.cancelled"),
                types(events.subList(7, 12)));
        Map<String, Object> partial = data(events.get(7));
        assertResource(partly, partial);
        assertEquals("OPEN", partial.get("status"));
        assertEquals(40.0f, partial.get("paidAmount"));
        assertEquals(Map.of("amount", 40.0f, "reference", "boleto 123"), partial.get("payment"));
        assertResource(paid, data(events.get(8)));
        assertEquals("PAID", data(events.get(8)).get("status"));
        assertEquals(60.0f, ((Map<?, ?>) data(events.get(8)).get("payment")).get("amount"));
        assertResource(credited, data(events.get(9)));
        assertEquals(note, data(events.get(9)).get("creditNote"));
        assertEquals("goods returned", data(events.get(9)).get("reason"));
        assertResource(postponed, data(events.get(10)));
        assertEquals(
                capture.getString("invoices[2].dueDate"), data(events.get(10)).get("previousDueDate"));
        assertEquals("asked by the customer", data(events.get(10)).get("reason"));
        assertResource(cancelled, data(events.get(11)));
        assertEquals("order cancelled", data(events.get(11)).get("reason"));
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    ids.get(List.of(0, 0, 1, 2, 3).get(i)), events.get(7 + i).get("subject"));
            assertNull(data(events.get(7 + i)).get(i == 0 || i == 1 ? "creditNote" : "payment"));
        }
    }

    private List<Map<String, Object>> overdue(Fixture f) {
        return all(f).stream()
                .filter(e -> "invoice.overdue".equals(e.get("type")))
                .toList();
    }

    /**
     * Runs a scan now (besides the scheduled ones), then a change of the distributor's that commits
     * after it: once that change is in the feed, so is every event the scan committed before it.
     */
    private List<Map<String, Object>> scanned(Fixture f) {
        invoices.announceOverdue(100_000).await().atMost(TIMEOUT);
        String marker = Api.newCpf();
        f.status(marker, "APV");
        Awaitility.await("the marker in the feed")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> all(f).stream().anyMatch(e -> marker.equals(e.get("subject"))));
        return overdue(f);
    }

    private static List<Object> subjects(List<Map<String, Object>> events) {
        return events.stream().map(e -> e.get("subject")).toList();
    }

    @Test
    void anInvoiceIsAnnouncedOverdueOnceAndAPaidOneNever() {
        Fixture f = Fixture.create(Map.of("overdueGraceDays", 3));
        String id = f.approvedAccount("1000.00", null);
        // due in 5 days: one paid, one not
        String paid = f.capture(id, f.placeHold(id, "100.00"), Map.of("firstDueInDays", 5))
                .getString("invoices[0].id");
        String open = f.capture(id, f.placeHold(id, "100.00"), Map.of("firstDueInDays", 5))
                .getString("invoices[0].id");
        // due 10 days ago: overdue at once (and from now on it blocks new holds)
        String late = f.capture(id, f.placeHold(id, "100.00"), Map.of("firstDueInDays", -10))
                .getString("invoices[0].id");
        paying(f)
                .body(Map.of())
                .post(f.account(id) + "/invoices/" + paid + "/payments")
                .then()
                .statusCode(200);

        List<Map<String, Object>> first = scanned(f);
        assertEquals(List.of(late), subjects(first));
        Map<String, Object> data = data(first.get(0));
        assertEquals(true, data.get("overdue"));
        assertEquals("OPEN", data.get("status"));
        assertEquals("system", data.get("actor"));
        assertResource(
                as(f.readOnly)
                        .get(f.account(id) + "/invoices/" + late)
                        .then()
                        .extract()
                        .jsonPath()
                        .getMap(""),
                data);

        // due in 5 days + 3 of grace: not overdue 8 days from now, overdue 9 days from now (São Paulo dates)
        clock.advance(Duration.ofDays(8));
        assertEquals(List.of(late), subjects(scanned(f)));
        clock.advance(Duration.ofDays(1));
        // the paid one, due the same day, never
        assertEquals(List.of(late, open), subjects(scanned(f)));
        // nor is anything announced twice
        clock.advance(Duration.ofDays(40));
        assertEquals(List.of(late, open), subjects(scanned(f)));
    }

    @Test
    void invoicesStillWithinTheirGraceNeverTakeTheScansTurn() {
        Fixture graceful = Fixture.create(Map.of("overdueGraceDays", 30));
        String waiting = graceful.approvedAccount("1000.00", null);
        graceful.capture(waiting, graceful.placeHold(waiting, "100.00"), Map.of("firstDueInDays", -5));
        Fixture strict = Fixture.create(Map.of("overdueGraceDays", 0));
        String late = strict.approvedAccount("1000.00", null);
        String invoice = strict.capture(late, strict.placeHold(late, "100.00"), Map.of("firstDueInDays", -5))
                .getString("invoices[0].id");

        LocalDate today = LocalDate.ofInstant(clock.instant(), SAO_PAULO);
        List<String> turn = InvoiceRepository.distributorsWithUnannounced(pool, today, 100_000)
                .await()
                .atMost(TIMEOUT);
        assertTrue(!turn.contains(graceful.distributorId), "within its 30 days of grace: not the scan's business yet");
        assertEquals(List.of(invoice), subjects(scanned(strict)));
        assertEquals(List.of(), subjects(scanned(graceful)));
    }

    @Test
    void aPostponedInvoiceIsAnnouncedAgainOnlyWhenItFallsOverdueAgain() {
        Fixture f = Fixture.create(Map.of("overdueGraceDays", 0));
        String id = f.approvedAccount("1000.00", null);
        JsonPath capture = f.capture(id, f.placeHold(id, "200.00"), Map.of("installments", 2, "firstDueInDays", -20));
        String a = capture.getString("invoices[0].id");
        String b = capture.getString("invoices[1].id"); // due in 10 days
        assertEquals(List.of(a), subjects(scanned(f)));
        LocalDate today = LocalDate.ofInstant(clock.instant(), SAO_PAULO);
        // still overdue at its new date: not news
        as(f.integration)
                .body(Map.of("dueDate", today.minusDays(5).toString()))
                .post(f.account(id) + "/invoices/" + a + "/postpone")
                .then()
                .statusCode(200)
                .body("overdue", equalTo(true));
        assertEquals(List.of(a), subjects(scanned(f)));
        // no longer overdue: news again once its new date has passed
        as(f.integration)
                .body(Map.of("dueDate", today.plusDays(3).toString()))
                .post(f.account(id) + "/invoices/" + a + "/postpone")
                .then()
                .statusCode(200)
                .body("overdue", equalTo(false));
        assertEquals(List.of(a), subjects(scanned(f)));
        clock.advance(Duration.ofDays(4));
        List<Map<String, Object>> again = scanned(f);
        assertEquals(List.of(a, a), subjects(again));
        assertEquals(today.plusDays(3).toString(), data(again.get(1)).get("dueDate"));
        clock.advance(Duration.ofDays(7));
        assertEquals(List.of(a, a, b), subjects(scanned(f)));
    }

    @Test
    void consoleActionsGoThroughTheServicesAndEmitToo() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        ConsoleClient operator = ConsoleClient.signedIn(f.distributorId, "OPERATOR");
        String page = "/console/accounts/" + id;
        Document form = operator.page(page);
        operator.post(page + "/holders", form, Map.of("email", "console@cliente.com.br"))
                .then()
                .statusCode(303);
        List<Map<String, Object>> events = credit(f, 2);
        assertEquals(List.of("credit_account.opened", "credit_account.holder_added"), types(events));
        Map<String, Object> added = data(events.get(1));
        assertEquals("console@cliente.com.br", ((Map<?, ?>) added.get("holder")).get("email"));
        assertNotNull(added.get("actor"));
        assertTrue(!added.get("actor").equals(data(events.get(0)).get("actor")), added.toString());
    }

    @Test
    void aDistributorsFeedNeverShowsAnotherDistributorsEvents() {
        Fixture a = Fixture.create();
        Fixture b = Fixture.create();
        String accountA = a.approvedAccount("100.00", null);
        String accountB = b.approvedAccount("100.00", null);
        String holdA = a.placeHold(accountA, "10.00");
        String holdB = b.placeHold(accountB, "10.00");
        List<Map<String, Object>> ofA = credit(a, 2);
        List<Map<String, Object>> ofB = credit(b, 2);
        assertEquals(
                List.of(accountA, holdA),
                ofA.stream().map(e -> e.get("subject")).toList());
        assertEquals(
                List.of(accountB, holdB),
                ofB.stream().map(e -> e.get("subject")).toList());
        for (Map<String, Object> e : all(a)) {
            assertEquals("/v1/distributors/" + a.distributorId, e.get("source"));
            assertTrue(!List.of(accountB, holdB).contains(e.get("subject")), e.toString());
        }
        // B's keys cannot read A's feed
        as(b.readOnly).get(Feed.path(a.distributorId)).then().statusCode(403);
    }
}
