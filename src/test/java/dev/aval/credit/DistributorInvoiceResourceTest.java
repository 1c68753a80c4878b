package dev.aval.credit;

import static dev.aval.support.Api.as;
import static dev.aval.support.Waits.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** GET /v1/distributors/{d}/invoices: collections' list across the distributor's accounts. */
@AvalTest
class DistributorInvoiceResourceTest {

    @Inject
    Pool pool;

    /** An invoice as its capture answered it. */
    private record Due(String id, String dueDate) {}

    /** Captures a new hold of the account into one invoice due in {@code days} (negative: already due). */
    private static Due invoice(Fixture f, String accountId, String amount, int days) {
        JsonPath captured = f.capture(accountId, f.placeHold(accountId, amount), Map.of("firstDueInDays", days));
        return new Due(captured.getString("invoices[0].id"), captured.getString("invoices[0].dueDate"));
    }

    private static String formatted(String cpf) {
        return cpf.substring(0, 3) + "." + cpf.substring(3, 6) + "." + cpf.substring(6, 9) + "-" + cpf.substring(9);
    }

    private static List<String> ids(Fixture f, Map<String, ?> query) {
        return as(f.readOnly)
                .queryParams(query)
                .get(f.invoices())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.id");
    }

    @Test
    void oldestDueFirstAcrossAccountsTiesByIdWithTheAccountsDocument() {
        Fixture f = Fixture.create();
        String docA = f.approvedCustomer();
        String docB = f.approvedCustomer();
        String a = f.open(formatted(docA), "1000.00", null);
        String b = f.open(docB, "1000.00", null);
        Due a20 = invoice(f, a, "10.00", 20);
        Due b5 = invoice(f, b, "20.00", 5);
        JsonPath split = f.capture(a, f.placeHold(a, "30.00"), Map.of("installments", 2, "firstDueInDays", 5));
        Due bLate = invoice(f, b, "40.00", -10);
        // another distributor's invoices never show
        Fixture other = Fixture.create();
        String theirs = other.approvedAccount("1000.00", null);
        invoice(other, theirs, "50.00", -30);

        as(f.readOnly)
                .get(f.invoices())
                .then()
                .statusCode(200)
                .body(
                        "items.id",
                        contains(
                                bLate.id(),
                                b5.id(),
                                split.getString("invoices[0].id"),
                                a20.id(),
                                split.getString("invoices[1].id")))
                .body("items.accountId", contains(b, b, a, a, a))
                .body("items.document", contains(docB, docB, docA, docA, docA))
                .body(
                        "items.dueDate",
                        contains(
                                bLate.dueDate(),
                                b5.dueDate(),
                                split.getString("invoices[0].dueDate"),
                                a20.dueDate(),
                                split.getString("invoices[1].dueDate")))
                .body("items[0].amount", equalTo(40.00f))
                .body("items[0].paidAmount", equalTo(0f))
                .body("items[0].status", equalTo("OPEN"))
                .body("items[0].overdue", equalTo(true))
                .body("items[0].holdId", notNullValue())
                .body("items[0].orderId", notNullValue())
                .body("items[0].installment", equalTo(1))
                .body("items[0].installments", equalTo(1))
                .body("items[0].createdAt", notNullValue())
                .body("items[0].paidAt", nullValue())
                .body("items[1].overdue", equalTo(false))
                .body("items[2].installment", equalTo(1))
                .body("items[2].installments", equalTo(2))
                .body("nextCursor", nullValue());
        // the per-account answers carry the account's id (api.md's Invoice), not its document
        as(f.readOnly)
                .get(f.account(a) + "/invoices")
                .then()
                .statusCode(200)
                .body("items[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("document")))
                .body("items[0].accountId", equalTo(a))
                .body("items[0].creditedAmount", equalTo(0f));
    }

    @Test
    void filtersByStatusAndOverdueWithTheDistributorsGraceDays() {
        // overdue invoices are made on purpose: credit stays usable for the later holds (CREDIT_OVERDUE)
        Fixture f = Fixture.create(Map.of("overdueGraceDays", 3, "blockCreditWhenOverdue", false));
        String a = f.approvedAccount("1000.00", null);
        String b = f.approvedAccount("1000.00", null);
        Due late = invoice(f, a, "10.00", -4); // past the 3 grace days: overdue
        Due grace = invoice(f, b, "20.00", -3); // within grace: not overdue
        Due future = invoice(f, a, "30.00", 30);
        Due paid = invoice(f, b, "40.00", -20);
        Due cancelled = invoice(f, a, "50.00", -19);
        as(f.integration)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .post(f.account(b) + "/invoices/" + paid.id() + "/payments")
                .then()
                .statusCode(200);
        as(f.integration)
                .post(f.account(a) + "/invoices/" + cancelled.id() + "/cancel")
                .then()
                .statusCode(200);

        assertEquals(List.of(late.id()), ids(f, Map.of("overdue", "true")));
        assertEquals(List.of(paid.id(), cancelled.id(), grace.id(), future.id()), ids(f, Map.of("overdue", "false")));
        assertEquals(List.of(late.id(), grace.id(), future.id()), ids(f, Map.of("status", "OPEN")));
        assertEquals(List.of(paid.id()), ids(f, Map.of("status", "PAID")));
        assertEquals(List.of(cancelled.id()), ids(f, Map.of("status", "CANCELLED")));
        assertEquals(List.of(grace.id(), future.id()), ids(f, Map.of("status", "OPEN", "overdue", "false")));
        as(f.readOnly)
                .queryParam("status", "OPEN")
                .get(f.invoices())
                .then()
                .body("items.overdue", contains(true, false, false));
        as(f.readOnly)
                .queryParam("status", "PAID")
                .get(f.invoices())
                .then()
                .body("items[0].overdue", equalTo(false))
                .body("items[0].paidAt", notNullValue());
    }

    @Test
    void filtersByInclusiveDueDatesAndTheAccountsDocument() {
        Fixture f = Fixture.create();
        String docA = f.approvedCustomer();
        String a = f.open(docA, "1000.00", null);
        String b = f.approvedAccount("1000.00", null);
        Due a1 = invoice(f, a, "10.00", 1);
        Due b2 = invoice(f, b, "20.00", 2);
        Due a3 = invoice(f, a, "30.00", 3);
        Due b4 = invoice(f, b, "40.00", 4);

        assertEquals(List.of(b2.id(), a3.id()), ids(f, Map.of("dueFrom", b2.dueDate(), "dueTo", a3.dueDate())));
        assertEquals(List.of(a3.id(), b4.id()), ids(f, Map.of("dueFrom", a3.dueDate())));
        assertEquals(List.of(a1.id()), ids(f, Map.of("dueTo", a1.dueDate())));
        assertEquals(List.of(b2.id()), ids(f, Map.of("dueFrom", b2.dueDate(), "dueTo", b2.dueDate())));
        assertEquals(List.of(a1.id(), a3.id()), ids(f, Map.of("document", docA)));
        assertEquals(List.of(a1.id(), a3.id()), ids(f, Map.of("document", formatted(docA))));
        assertEquals(List.of(a3.id()), ids(f, Map.of("document", formatted(docA), "dueFrom", b2.dueDate())));
        assertEquals(List.of(), ids(f, Map.of("document", Api.newCpf())));
        as(f.readOnly)
                .queryParam("document", formatted(docA))
                .get(f.invoices())
                .then()
                .body("items.document", everyItem(equalTo(docA)));
    }

    @Test
    void pagesByCursorStayStableUnderInserts() {
        Fixture f = Fixture.create(
                Map.of("blockCreditWhenOverdue", false)); // the overdue one must not block the next holds
        String a = f.approvedAccount("10000.00", null);
        String b = f.approvedAccount("10000.00", null);
        Due t1 = invoice(f, a, "10.00", 10);
        Due t2 = invoice(f, b, "10.00", 10);
        Due t3 = invoice(f, a, "10.00", 10);
        Due d20 = invoice(f, b, "20.00", 20);
        Due d50 = invoice(f, a, "50.00", 50);

        JsonPath page1 = as(f.readOnly)
                .queryParam("limit", 2)
                .get(f.invoices())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(t1.id(), t2.id()), page1.getList("items.id"));
        // inserted after page 1: one due earlier (behind the cursor), one due with t1–t3 but a later id (after t3)
        Due earlier = invoice(f, b, "5.00", -5);
        Due tie = invoice(f, b, "5.00", 10);
        Due d30 = invoice(f, a, "30.00", 30);

        List<String> rest = new ArrayList<>();
        String cursor = page1.getString("nextCursor");
        int pages = 1;
        while (cursor != null) {
            JsonPath page = as(f.readOnly)
                    .queryParam("limit", 2)
                    .queryParam("cursor", cursor)
                    .get(f.invoices())
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            rest.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            pages++;
        }
        // nothing repeated, nothing skipped: the earlier one stays behind, the later ones come in due order
        assertEquals(List.of(t3.id(), tie.id(), d20.id(), d30.id(), d50.id()), rest);
        assertEquals(4, pages);
        assertEquals(
                List.of(earlier.id(), t1.id(), t2.id(), t3.id(), tie.id(), d20.id(), d30.id(), d50.id()),
                ids(f, Map.of()));
        // filters apply on every page
        JsonPath first = as(f.readOnly)
                .queryParam("limit", 1)
                .queryParam("dueFrom", t1.dueDate())
                .get(f.invoices())
                .then()
                .extract()
                .jsonPath();
        as(f.readOnly)
                .queryParam("limit", 1)
                .queryParam("dueFrom", t1.dueDate())
                .queryParam("cursor", first.getString("nextCursor"))
                .get(f.invoices())
                .then()
                .statusCode(200)
                .body("items.id", contains(t2.id()))
                .body("nextCursor", notNullValue());
    }

    @Test
    void badQueryParametersAreValidationProblemsNamingThem() {
        Fixture f = Fixture.create();
        Map<String, Map<String, String>> cases = Map.ofEntries(
                Map.entry("status", Map.of("status", "LATE")),
                Map.entry("overdue", Map.of("overdue", "maybe")),
                Map.entry("dueFrom", Map.of("dueFrom", "2026-13-01")),
                Map.entry("dueTo", Map.of("dueTo", "22/12/2026")),
                Map.entry("document", Map.of("document", "123.456")),
                Map.entry("documentType", Map.of("documentType", "RG")),
                Map.entry("limit", Map.of("limit", "0")),
                Map.entry("cursor", Map.of("cursor", "not a cursor!")));
        cases.forEach((field, query) -> as(f.readOnly)
                .queryParams(query)
                .get(f.invoices())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem(field)));
        // a range the wrong way round, a date PostgreSQL cannot store, a cursor of another list: 400s, never 500s
        as(f.readOnly)
                .queryParams(Map.of("dueFrom", "2026-12-22", "dueTo", "2026-12-21"))
                .get(f.invoices())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("dueTo"));
        as(f.readOnly)
                .queryParam("dueFrom", "+999999999-12-31")
                .get(f.invoices())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("dueFrom"));
        as(f.readOnly)
                .queryParam("limit", "501")
                .get(f.invoices())
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("limit"));
        for (String position :
                List.of(UUID.randomUUID().toString(), "+999999999-12-31|" + UUID.randomUUID(), "2026-12-22|nope")) {
            String cursor =
                    Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
            as(f.readOnly)
                    .queryParam("cursor", cursor)
                    .get(f.invoices())
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("cursor"));
        }
        // the same list, blank parameters: no filter
        as(f.readOnly)
                .queryParams(Map.of("status", "", "overdue", "", "dueFrom", "", "document", ""))
                .get(f.invoices())
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void everyRoleMayReadOnlyItsOwnDistributorsList() {
        Fixture f = Fixture.create();
        Fixture other = Fixture.create();
        String a = f.approvedAccount("1000.00", null);
        Due due = invoice(f, a, "10.00", 30);
        for (String key : new String[] {f.integration, f.checkout, f.readOnly}) {
            as(key).get(f.invoices()).then().statusCode(200).body("items.id", contains(due.id()));
        }
        as(other.readOnly).get(f.invoices()).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        as(other.integration).get(f.invoices()).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().get(f.invoices()).then().statusCode(401);
        as(other.readOnly).get(other.invoices()).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void anInvoiceInsertedByThePreviousReleaseIsListed() {
        Fixture f = Fixture.create();
        String document = f.approvedCustomer();
        String a = f.open(document, "1000.00", null);
        JsonPath captured = f.capture(a, f.placeHold(a, "10.00"), Map.of());
        String holdId = captured.getString("hold.id");
        LocalDate due =
                LocalDate.parse(captured.getString("invoices[0].dueDate")).minusDays(1);
        UUID old = UUID.randomUUID();
        // the columns the previous release's entity wrote: no distributor_id (a rolling update's old pod)
        pool.preparedQuery("""
                insert into credit_invoice (id, account_id, amount, created_at, due_date, hold_id, installment,
                                            installments, order_id, paid_amount, paid_at, status, updated_at)
                values ($1, $2, $3, now(), $4, $5, 1, 1, 'old-pod', 0, null, 'OPEN', now())
                """)
                .execute(Tuple.of(old, UUID.fromString(a), new BigDecimal("5.00"), due, UUID.fromString(holdId)))
                .await()
                .atMost(TIMEOUT);
        as(f.readOnly)
                .get(f.invoices())
                .then()
                .statusCode(200)
                .body("items.id", contains(old.toString(), captured.getString("invoices[0].id")))
                .body("items[0].accountId", equalTo(a))
                .body("items[0].document", equalTo(document));
        as(f.readOnly)
                .get(f.account(a) + "/invoices/" + old)
                .then()
                .statusCode(200)
                .body("orderId", equalTo("old-pod"));
    }
}
