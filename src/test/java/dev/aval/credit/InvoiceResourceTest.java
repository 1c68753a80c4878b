package dev.aval.credit;

import static dev.aval.support.Api.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.aval.support.AvalTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@AvalTest
class InvoiceResourceTest {

    private static RequestSpecification paying(Fixture f) {
        return as(f.integration).header("Idempotency-Key", UUID.randomUUID().toString());
    }

    @Test
    void partialThenFullPaymentLowersOutstanding() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String invoiceId = f.capture(id, f.placeHold(id, "300.00"), Map.of()).getString("invoices[0].id");
        String pay = f.account(id) + "/invoices/" + invoiceId + "/payments";
        paying(f)
                .body(Map.of("amount", "100.00", "reference", "boleto-1"))
                .post(pay)
                .then()
                .statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("paidAmount", equalTo(100.00f))
                .body("paidAt", nullValue());
        paying(f)
                .body(Map.of("amount", "200.01"))
                .post(pay)
                .then()
                .statusCode(422)
                .body("code", equalTo("PAYMENT_EXCEEDS_INVOICE"));
        paying(f)
                .body(Map.of("amount", "1.001"))
                .post(pay)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("amount"));
        paying(f).body(Map.of("amount", "0")).post(pay).then().statusCode(400).body("errors.field", hasItem("amount"));
        // a misspelt field is refused, never read as "amount omitted" (the whole rest paid)
        paying(f).body(Map.of("amout", "1.00")).post(pay).then().statusCode(400).body("errors.field", hasItem("amout"));
        as(f.integration)
                .body(Map.of())
                .post(pay)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("Idempotency-Key"));
        // default: the rest
        paying(f)
                .post(pay)
                .then()
                .statusCode(200)
                .body("status", equalTo("PAID"))
                .body("paidAmount", equalTo(300.00f))
                .body("paidAt", notNullValue());
        paying(f)
                .body(Map.of("amount", "1.00"))
                .post(pay)
                .then()
                .statusCode(409)
                .body("code", equalTo("INVOICE_NOT_OPEN"));
        JsonPath account = f.get(id);
        org.junit.jupiter.api.Assertions.assertEquals(
                0, new java.math.BigDecimal(account.getString("outstanding")).signum());
        as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .body("items.type", contains("OPENED", "HOLD_PLACED", "HOLD_CAPTURED", "INVOICE_PAID", "INVOICE_PAID"))
                .body("items[3].amount", equalTo(-100.00f))
                .body("items[3].reference", equalTo("invoice:" + invoiceId))
                .body("items[3].reason", equalTo("payment boleto-1"))
                .body("items[4].outstandingAfter", equalTo(0f));
    }

    @Test
    void cancellationDropsTheUnpaidRest() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String invoiceId = f.capture(id, f.placeHold(id, "300.00"), Map.of()).getString("invoices[0].id");
        paying(f)
                .body(Map.of("amount", "50.00"))
                .post(f.account(id) + "/invoices/" + invoiceId + "/payments")
                .then()
                .statusCode(200);
        as(f.integration)
                .body(Map.of("reason", "goods returned"))
                .post(f.account(id) + "/invoices/" + invoiceId + "/cancel")
                .then()
                .statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("paidAmount", equalTo(50.00f));
        as(f.integration)
                .post(f.account(id) + "/invoices/" + invoiceId + "/cancel")
                .then()
                .statusCode(409)
                .body("code", equalTo("INVOICE_NOT_OPEN"));
        as(f.readOnly).get(f.account(id)).then().body("outstanding", equalTo(0f));
        as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .body("items[-1].type", equalTo("INVOICE_CANCELLED"))
                .body("items[-1].amount", equalTo(-250.00f))
                .body("items[-1].reason", equalTo("goods returned"));
        as(f.integration)
                .post(f.account(id) + "/invoices/" + UUID.randomUUID() + "/cancel")
                .then()
                .statusCode(404)
                .body("code", equalTo("INVOICE_NOT_FOUND"));
    }

    @Test
    void overdueCountsTheDistributorsGraceDays() {
        // the overdue invoice is made first on purpose: credit stays usable for the next holds (CREDIT_OVERDUE)
        Fixture f = Fixture.create(Map.of("overdueGraceDays", 3, "blockCreditWhenOverdue", false));
        String id = f.approvedAccount("1000.00", null);
        // due 4 days ago: past the 3 grace days → overdue; due 3 days ago: still within grace
        String late = f.capture(id, f.placeHold(id, "10.00"), Map.of("firstDueInDays", -4))
                .getString("invoices[0].id");
        String grace = f.capture(id, f.placeHold(id, "20.00"), Map.of("firstDueInDays", -3))
                .getString("invoices[0].id");
        String future = f.capture(id, f.placeHold(id, "30.00"), Map.of("firstDueInDays", 30))
                .getString("invoices[0].id");
        String list = f.account(id) + "/invoices";
        as(f.readOnly)
                .queryParam("overdue", true)
                .get(list)
                .then()
                .statusCode(200)
                .body("items.id", contains(late))
                .body("items[0].overdue", equalTo(true));
        as(f.readOnly).queryParam("overdue", false).get(list).then().body("items.id", contains(grace, future));
        as(f.readOnly).queryParam("status", "OPEN").get(list).then().body("items", hasSize(3));
        paying(f).post(list + "/" + late + "/payments").then().statusCode(200).body("overdue", equalTo(false));
        as(f.readOnly).queryParam("overdue", true).get(list).then().body("items", hasSize(0));
        as(f.readOnly).queryParam("status", "PAID").get(list).then().body("items.id", contains(late));
        as(f.readOnly)
                .queryParam("overdue", "maybe")
                .get(list)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("overdue"));
        as(f.readOnly)
                .queryParam("status", "LATE")
                .get(list)
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("status"));
    }

    @Test
    void invoicesOfAnotherDistributorAreNotFoundAndCheckoutCannotPay() {
        Fixture f = Fixture.create();
        Fixture other = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String invoiceId = f.capture(id, f.placeHold(id, "10.00"), Map.of()).getString("invoices[0].id");
        as(f.checkout)
                .header("Idempotency-Key", "k")
                .post(f.account(id) + "/invoices/" + invoiceId + "/payments")
                .then()
                .statusCode(403);
        as(f.checkout)
                .post(f.account(id) + "/invoices/" + invoiceId + "/cancel")
                .then()
                .statusCode(403);
        as(other.integration)
                .header("Idempotency-Key", "k")
                .post(other.account(id) + "/invoices/" + invoiceId + "/payments")
                .then()
                .statusCode(404)
                .body("code", equalTo("CREDIT_ACCOUNT_NOT_FOUND"));
        as(f.checkout)
                .get(f.account(id) + "/invoices")
                .then()
                .statusCode(200)
                .body("items.id", containsInAnyOrder(invoiceId));
    }

    @Test
    void aClosedAccountsInvoicesStayPayable() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String invoiceId = f.capture(id, f.placeHold(id, "10.00"), Map.of()).getString("invoices[0].id");
        as(f.integration).post(f.account(id) + "/close").then().statusCode(200);
        paying(f)
                .post(f.account(id) + "/invoices/" + invoiceId + "/payments")
                .then()
                .statusCode(200)
                .body("status", equalTo("PAID"));
    }

    @Test
    void oneInvoiceIsReadByEveryRoleWithItsOverdue() {
        Fixture f = Fixture.create(Map.of("overdueGraceDays", 3));
        String id = f.approvedAccount("1000.00", null);
        JsonPath captured = f.capture(id, f.placeHold(id, "90.00"), Map.of("installments", 3, "firstDueInDays", -4));
        String first = captured.getString("invoices[0].id");
        String second = captured.getString("invoices[1].id");
        for (String key : new String[] {f.integration, f.checkout, f.readOnly}) {
            as(key).get(f.account(id) + "/invoices/" + first)
                    .then()
                    .statusCode(200)
                    .body("id", equalTo(first))
                    .body("holdId", equalTo(captured.getString("hold.id")))
                    .body("installment", equalTo(1))
                    .body("installments", equalTo(3))
                    .body("amount", equalTo(30.00f))
                    .body("paidAmount", equalTo(0f))
                    .body("status", equalTo("OPEN"))
                    .body("dueDate", equalTo(captured.getString("invoices[0].dueDate")))
                    .body("overdue", equalTo(true))
                    .body("document", nullValue());
        }
        // due 26 days from now: not overdue
        as(f.readOnly)
                .get(f.account(id) + "/invoices/" + second)
                .then()
                .statusCode(200)
                .body("installment", equalTo(2))
                .body("overdue", equalTo(false));
        paying(f)
                .post(f.account(id) + "/invoices/" + first + "/payments")
                .then()
                .statusCode(200);
        as(f.readOnly)
                .get(f.account(id) + "/invoices/" + first)
                .then()
                .statusCode(200)
                .body("status", equalTo("PAID"))
                .body("overdue", equalTo(false))
                .body("paidAt", notNullValue());
    }

    @Test
    void anInvoiceOfAnotherAccountOrDistributorIsNotFound() {
        Fixture f = Fixture.create();
        Fixture other = Fixture.create();
        String mine = f.approvedAccount("1000.00", null);
        String sibling = f.approvedAccount("1000.00", null);
        String theirs = other.approvedAccount("1000.00", null);
        String siblingInvoice =
                f.capture(sibling, f.placeHold(sibling, "10.00"), Map.of()).getString("invoices[0].id");
        String theirInvoice = other.capture(theirs, other.placeHold(theirs, "10.00"), Map.of())
                .getString("invoices[0].id");
        for (String invoiceId :
                new String[] {siblingInvoice, theirInvoice, UUID.randomUUID().toString()}) {
            as(f.readOnly)
                    .get(f.account(mine) + "/invoices/" + invoiceId)
                    .then()
                    .statusCode(404)
                    .body("code", equalTo("INVOICE_NOT_FOUND"));
        }
        as(f.readOnly)
                .get(f.account(mine) + "/invoices/not-a-uuid")
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("invoiceId"));
        // their account through our distributor: the account is not found first, as for pay and cancel
        as(f.readOnly)
                .get(f.account(theirs) + "/invoices/" + theirInvoice)
                .then()
                .statusCode(404)
                .body("code", equalTo("CREDIT_ACCOUNT_NOT_FOUND"));
        // our key on their distributor's path: refused before anything is looked up
        as(f.readOnly)
                .get(other.account(theirs) + "/invoices/" + theirInvoice)
                .then()
                .statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void theSameKeyOnTheSameInvoiceSpelledInCapitalsIsAReplayNotASecondPayment() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String invoiceId = f.capture(id, f.placeHold(id, "300.00"), Map.of()).getString("invoices[0].id");
        String key = UUID.randomUUID().toString();
        for (String invoice : new String[] {invoiceId, invoiceId.toUpperCase(Locale.ROOT)}) {
            as(f.integration)
                    .header("Idempotency-Key", key)
                    .body(Map.of("amount", "50.00"))
                    .post(f.account(id) + "/invoices/" + invoice + "/payments")
                    .then()
                    .statusCode(200)
                    .body("paidAmount", equalTo(50.00f));
        }
        as(f.integration)
                .get(f.account(id) + "/invoices/" + invoiceId)
                .then()
                .statusCode(200)
                .body("paidAmount", equalTo(50.00f));
    }

    @Test
    void creditNotesLowerWhatIsOwedAndAnInvoiceNothingIsOwedOnIsPaid() {
        Fixture f = Fixture.create();
        String id = f.approvedAccount("1000.00", null);
        String invoiceId = f.capture(id, f.placeHold(id, "300.00"), Map.of()).getString("invoices[0].id");
        String invoice = f.account(id) + "/invoices/" + invoiceId;
        paying(f)
                .body(Map.of("amount", "100.00"))
                .post(invoice + "/payments")
                .then()
                .statusCode(200);
        String key = UUID.randomUUID().toString();
        Map<String, Object> note = Map.of("amount", "50.00", "reason", "2 caixas devolvidas", "reference", "DEV-7");
        JsonPath created = as(f.integration)
                .header("Idempotency-Key", key)
                .body(note)
                .post(invoice + "/credit-notes")
                .then()
                .statusCode(201)
                .body("invoiceId", equalTo(invoiceId))
                .body("amount", equalTo(50.00f))
                .body("reason", equalTo("2 caixas devolvidas"))
                .body("reference", equalTo("DEV-7"))
                .body("createdAt", notNullValue())
                .extract()
                .jsonPath();
        // the same key and body: the first answer, not a second credit note
        as(f.integration)
                .header("Idempotency-Key", key)
                .body(note)
                .post(invoice + "/credit-notes")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(created.getString("id")));
        as(f.readOnly)
                .get(invoice)
                .then()
                .statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("paidAmount", equalTo(100.00f))
                .body("creditedAmount", equalTo(50.00f))
                .body("accountId", equalTo(id));
        org.junit.jupiter.api.Assertions.assertEquals(
                0,
                new java.math.BigDecimal("150.00")
                        .compareTo(new java.math.BigDecimal(f.get(id).getString("outstanding"))));
        // more than the unpaid rest (150.00), a bad amount, no key, an unknown field
        paying(f)
                .body(Map.of("amount", "150.01"))
                .post(invoice + "/credit-notes")
                .then()
                .statusCode(422)
                .body("code", equalTo("CREDIT_NOTE_EXCEEDS_INVOICE"));
        paying(f)
                .body(Map.of("amount", "0.001"))
                .post(invoice + "/credit-notes")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("amount"));
        paying(f)
                .body(Map.of())
                .post(invoice + "/credit-notes")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("amount"));
        as(f.integration)
                .body(Map.of("amount", "1.00"))
                .post(invoice + "/credit-notes")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("Idempotency-Key"));
        paying(f)
                .body(Map.of("amount", "1.00", "amout", "1"))
                .post(invoice + "/credit-notes")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("amout"));
        as(f.checkout)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("amount", "1.00"))
                .post(invoice + "/credit-notes")
                .then()
                .statusCode(403);
        // the rest credited: nothing is owed, the invoice is PAID
        paying(f)
                .body(Map.of("amount", "150.00"))
                .post(invoice + "/credit-notes")
                .then()
                .statusCode(201);
        as(f.readOnly)
                .get(invoice)
                .then()
                .body("status", equalTo("PAID"))
                .body("creditedAmount", equalTo(200.00f))
                .body("paidAt", notNullValue());
        paying(f)
                .body(Map.of("amount", "1.00"))
                .post(invoice + "/credit-notes")
                .then()
                .statusCode(409)
                .body("code", equalTo("INVOICE_NOT_OPEN"));
        org.junit.jupiter.api.Assertions.assertEquals(
                0, new java.math.BigDecimal(f.get(id).getString("outstanding")).signum());
        as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .body(
                        "items.type",
                        contains(
                                "OPENED",
                                "HOLD_PLACED",
                                "HOLD_CAPTURED",
                                "INVOICE_PAID",
                                "INVOICE_CREDITED",
                                "INVOICE_CREDITED"))
                .body("items[4].amount", equalTo(-50.00f))
                .body("items[4].outstandingAfter", equalTo(150.00f))
                .body("items[4].reason", equalTo("2 caixas devolvidas"))
                .body("items[4].reference", equalTo("invoice:" + invoiceId + " credit-note:" + created.getString("id")))
                .body("items[5].outstandingAfter", equalTo(0f))
                .body("totals.outstandingChange", equalTo(0f));
    }

    @Test
    void postponingMovesTheDueDateLaterAndOverdueFollowsIt() {
        Fixture f = Fixture.create(Map.of("overdueGraceDays", 0));
        String id = f.approvedAccount("1000.00", null);
        String invoiceId = f.capture(id, f.placeHold(id, "100.00"), Map.of("firstDueInDays", -10))
                .getString("invoices[0].id");
        String invoice = f.account(id) + "/invoices/" + invoiceId;
        String due = as(f.readOnly)
                .get(invoice)
                .then()
                .body("overdue", equalTo(true))
                .extract()
                .path("dueDate");
        java.time.LocalDate current = java.time.LocalDate.parse(due);
        String later = current.plusDays(40).toString();
        as(f.integration)
                .body(Map.of("dueDate", due))
                .post(invoice + "/postpone")
                .then()
                .statusCode(422)
                .body("code", equalTo("DUE_DATE_NOT_LATER"));
        as(f.integration)
                .body(Map.of("dueDate", current.minusDays(1).toString()))
                .post(invoice + "/postpone")
                .then()
                .statusCode(422)
                .body("code", equalTo("DUE_DATE_NOT_LATER"));
        as(f.integration)
                .body(Map.of())
                .post(invoice + "/postpone")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("dueDate"));
        as(f.integration)
                .body(Map.of("dueDate", "2026-02-30"))
                .post(invoice + "/postpone")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("dueDate"));
        as(f.readOnly)
                .body(Map.of("dueDate", later))
                .post(invoice + "/postpone")
                .then()
                .statusCode(403);
        as(f.integration)
                .body(Map.of("dueDate", later, "reason", "acordo comercial"))
                .post(invoice + "/postpone")
                .then()
                .statusCode(200)
                .body("dueDate", equalTo(later))
                .body("overdue", equalTo(false))
                .body("status", equalTo("OPEN"));
        as(f.readOnly)
                .queryParam("overdue", "true")
                .get(f.account(id) + "/invoices")
                .then()
                .body("items", hasSize(0));
        as(f.readOnly)
                .get(f.account(id) + "/statement")
                .then()
                .body("items.type", contains("OPENED", "HOLD_PLACED", "HOLD_CAPTURED", "INVOICE_POSTPONED"))
                .body("items[3].amount", equalTo(0f))
                .body("items[3].outstandingAfter", equalTo(100.00f))
                .body("items[3].reason", equalTo("acordo comercial"))
                .body("items[3].reference", equalTo("invoice:" + invoiceId + " due " + due + "->" + later));
        paying(f).post(invoice + "/payments").then().statusCode(200);
        as(f.integration)
                .body(Map.of("dueDate", current.plusDays(80).toString()))
                .post(invoice + "/postpone")
                .then()
                .statusCode(409)
                .body("code", equalTo("INVOICE_NOT_OPEN"));
    }
}
