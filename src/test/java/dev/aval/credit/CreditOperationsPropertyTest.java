package dev.aval.credit;

import static dev.aval.support.Waits.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import dev.aval.credit.CreditModel.Entry;
import dev.aval.credit.CreditModel.Hold;
import dev.aval.credit.CreditModel.Invoice;
import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import dev.aval.support.MovableClock;
import dev.aval.support.RandomSequences;
import dev.aval.support.RandomSequences.Settings;
import dev.aval.support.RandomSequences.Step;
import io.restassured.response.Response;

/**
 * The money lifecycle as a property (issue 11 item 3): random sequences of operations on one
 * credit account of a fresh distributor — holds placed (some refused), adjusted, captured in part
 * or in full, released; invoices paid, credited, postponed, cancelled; the limit and tolerance
 * changed; requests replayed with their Idempotency-Key; time moved so holds expire and the
 * sweeper stores them — run against the service over HTTP and against {@link CreditModel} side by
 * side. After every step: the answer (status, code, figures) is the model's, the account's
 * balances are the model's, an accepted increase left {@code outstanding + reserved} within
 * {@code creditLimit × (1 + tolerance)}, and the statement (every page) is the model's and
 * replays to the balances. A failing sequence is shrunk and printed with its seed
 * ({@link RandomSequences}; replay with {@code -Dproperty.seed=<seed>}).
 */
@AvalTest
class CreditOperationsPropertyTest {

    static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
    /** Reads answers with their numbers as written (100.00 stays 100.00, scale 2). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private static final int GRACE_DAYS = 3;

    /** The operations and how often each is drawn. */
    enum Op {
        PLACE(6),
        ADJUST(4),
        CAPTURE(4),
        RELEASE(2),
        PAY(3),
        CREDIT_NOTE(2),
        POSTPONE(1),
        CANCEL(1),
        CHANGE_LIMIT(2),
        REPLAY(2),
        MOVE_TIME(2);

        final int weight;

        Op(int weight) {
            this.weight = weight;
        }
    }

    @Inject
    MovableClock clock;

    /** How often each operation got each answer, over the tries (printed: what the run exercised). */
    private final Map<String, Integer> answers = new TreeMap<>();

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void randomMoneyOperationsAgreeWithTheModelAndKeepTheInvariant() {
        int[] weights = new int[Op.values().length];
        for (Op op : Op.values()) {
            weights[op.ordinal()] = op.weight;
        }
        Settings settings = new Settings(
                "credit operations", 20, 10, 50, weights, i -> Op.values()[i].name(), 300, Duration.ofMinutes(4));
        long started = System.nanoTime();
        RandomSequences.Outcome outcome =
                RandomSequences.check(settings, (steps, transcript) -> new Run(transcript).all(steps));
        System.out.printf(
                "property 'credit operations': %d tries passed in %d s; answers: %s%n",
                outcome.tries(), Duration.ofNanos(System.nanoTime() - started).toSeconds(), answers);
    }

    /** A request that carried an Idempotency-Key, and the answer it got first. */
    record Keyed(
            String method,
            String path,
            String apiKey,
            String key,
            Map<String, Object> body,
            int status,
            String answer) {}

    /** One sequence from a fresh distributor, account and clock. */
    final class Run {
        final List<String> transcript;
        final Fixture f;
        final String accountId;
        final String email;
        final CreditModel model = new CreditModel(new BigDecimal("1000.00"), new BigDecimal("0.1000"), GRACE_DAYS);
        final List<Keyed> keyed = new ArrayList<>();
        int fresh;
        int number;
        String line;

        Run(List<String> transcript) {
            this.transcript = transcript;
            clock.reset();
            // 10:00 in São Paulo, so that hour moves never cross midnight and "today" is never ambiguous
            ZonedDateTime real = clock.instant().atZone(SAO_PAULO);
            ZonedDateTime start = real.toLocalDate().atTime(10, 0).atZone(SAO_PAULO);
            if (!start.isAfter(real)) {
                start = start.plusDays(1);
            }
            clock.advance(Duration.between(real.toInstant(), start.toInstant()));
            f = Fixture.create(Map.of("overdueGraceDays", GRACE_DAYS, "blockCreditWhenOverdue", true));
            String document = f.approvedCustomer();
            accountId = f.open(document, "1000.00", "0.1000");
            email = "compras-" + document + "@cliente.com.br";
        }

        void all(List<Step> steps) {
            for (Step step : steps) {
                number++;
                line = number + ". ";
                Did did;
                try {
                    did = step(Op.values()[step.op()], step);
                } finally {
                    transcript.add(line);
                }
                if (did != Did.SKIPPED) {
                    checkAccount(did == Did.INCREASED);
                    checkStatement();
                }
            }
            checkHoldsAndInvoices();
        }

        /** Runs one step. */
        Did step(Op op, Step s) {
            return switch (op) {
                case PLACE -> place(s);
                case ADJUST -> adjust(s);
                case CAPTURE -> capture(s);
                case RELEASE -> release(s);
                case PAY -> pay(s);
                case CREDIT_NOTE -> creditNote(s);
                case POSTPONE -> postpone(s);
                case CANCEL -> cancel(s);
                case CHANGE_LIMIT -> changeLimit(s);
                case REPLAY -> replay(s);
                case MOVE_TIME -> moveTime(s);
            };
        }

        // ---- the operations

        Did place(Step s) {
            int o = s.a() % 8;
            String orderId = o < 4 ? "PED-" + (o + 1) : "PED-N" + (++fresh);
            int e = (s.a() / 8) % 6;
            BigDecimal amount = amount(s.b(), model.availableWithTolerance());
            Instant now = clock.instant();
            Instant expiresAt = expiresAt(s.c(), now, true);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("amount", amount);
            body.put("orderId", orderId);
            if (expiresAt != null) {
                body.put("expiresAt", expiresAt.toString());
            }
            if (e == 1) {
                body.put("email", email.toUpperCase());
            } else if (e == 2) {
                body.put("email", "outra-pessoa@cliente.com.br");
            }
            line += "PLACE " + orderId + " " + amount + " expires " + after(now, expiresAt)
                    + (e == 1 ? " email=account's" : e == 2 ? " email=someone else's" : "");
            String refusal = model.placeRefusal(orderId, amount, e != 2, today(now));
            Response r = keyed("POST", holds(), f.checkout, body);
            if (refused(r, refusal)) {
                return Did.RAN;
            }
            JsonNode hold = json(r, 201);
            String id = text(hold, "id");
            Instant stored = Instant.parse(text(hold, "expiresAt"));
            if (expiresAt != null) {
                assertEquals(expiresAt, stored, at("the hold's expiresAt"));
            } else {
                assertTrue(
                        !stored.isBefore(now.plus(Duration.ofDays(7)))
                                && !stored.isAfter(clock.instant().plus(Duration.ofDays(7))),
                        at("the default expiresAt is 7 days from now: " + stored));
            }
            model.place(id, orderId, amount, stored);
            assertHold(model.holds.get(model.holds.size() - 1), hold);
            return Did.INCREASED;
        }

        Did adjust(Step s) {
            if (model.holds.isEmpty()) {
                return skip("ADJUST: no hold");
            }
            Hold h = pick(model.holds, s.a(), x -> x.status.equals("ACTIVE"));
            BigDecimal amount = switch (s.b() % 5) {
                case 0 -> null;
                case 1 -> atLeastACent(h.amount.add(model.availableWithTolerance()));
                case 2 ->
                    atLeastACent(h.amount.add(model.availableWithTolerance()).add(CreditModel.CENT));
                case 3 -> atLeastACent(h.captured.add(fraction(h.uncaptured(), s.b() / 5)));
                default -> atLeastACent(h.captured.subtract(CreditModel.CENT));
            };
            Instant now = clock.instant();
            Instant expiresAt = s.c() % 3 == 0 ? null : expiresAt(s.c() / 3, now, false);
            Map<String, Object> body = new LinkedHashMap<>();
            if (amount != null) {
                body.put("amount", amount);
            }
            if (expiresAt != null) {
                body.put("expiresAt", expiresAt.toString());
            }
            line += "ADJUST " + h + " to " + (amount == null ? "(same)" : amount)
                    + (expiresAt == null ? "" : " expires " + after(now, expiresAt));
            BigDecimal target = amount == null ? h.amount : amount;
            boolean increase = target.compareTo(h.amount) > 0;
            String refusal = model.adjustRefusal(h, target, today(now));
            Response r = keyed("PATCH", holds() + "/" + h.id, f.checkout, body);
            if (refused(r, refusal)) {
                return Did.RAN;
            }
            JsonNode answer = json(r, 200);
            model.adjust(h, target, expiresAt == null ? h.expiresAt : expiresAt);
            assertHold(h, answer);
            return increase ? Did.INCREASED : Did.RAN;
        }

        Did capture(Step s) {
            if (model.holds.isEmpty()) {
                return skip("CAPTURE: no hold");
            }
            Hold h = pick(model.holds, s.a(), x -> x.status.equals("ACTIVE"));
            int installments = switch (s.c() % 4) {
                case 0 -> 1;
                case 1 -> 2;
                case 2 -> 3;
                default -> 1 + (s.c() / 4) % 12;
            };
            BigDecimal amount = switch (s.b() % 5) {
                case 0 -> null;
                case 1 -> atLeastACent(h.uncaptured());
                case 2 -> h.uncaptured().add(CreditModel.CENT);
                case 3 -> atLeastACent(fraction(h.uncaptured(), s.b() / 5));
                default ->
                    atLeastACent(CreditModel.CENT
                            .multiply(BigDecimal.valueOf(installments))
                            .subtract(CreditModel.CENT));
            };
            int finality = (s.c() / 4) % 3;
            Integer[] dues = {null, -40, -5, 0, 1, 30};
            Integer firstDueInDays = dues[(s.c() / 12) % dues.length];
            Map<String, Object> body = new LinkedHashMap<>();
            if (amount != null) {
                body.put("amount", amount);
            }
            if (s.c() % 4 != 0) {
                body.put("installments", installments);
            }
            if (finality > 0) {
                body.put("final", finality == 2);
            }
            if (firstDueInDays != null) {
                body.put("firstDueInDays", firstDueInDays);
            }
            boolean isFinal = finality != 1;
            line += "CAPTURE " + h + ": " + (amount == null ? "all" : amount) + " in " + installments
                    + (isFinal ? ", final" : ", not final") + ", first due in "
                    + (firstDueInDays == null ? 30 : firstDueInDays) + " days";
            BigDecimal captured = amount == null ? h.uncaptured() : amount;
            String refusal = model.captureRefusal(h, captured, installments, isFinal);
            Response r = keyed("POST", holds() + "/" + h.id + "/capture", f.checkout, body);
            if (refused(r, refusal)) {
                if ("VALIDATION_FAILED".equals(refusal)) {
                    assertEquals("amount", text(body(r).path("errors").path(0), "field"), at("the field named"));
                }
                return Did.RAN;
            }
            JsonNode answer = json(r, 200);
            LocalDate today = today(clock.instant());
            int first = firstDueInDays == null ? 30 : firstDueInDays;
            // a final capture of nothing left ends the hold with no invoice
            int count = captured.signum() == 0 ? 0 : installments;
            List<BigDecimal> parts = count == 0 ? List.of() : CreditModel.split(captured, installments);
            List<Invoice> created = new ArrayList<>();
            assertEquals(count, answer.path("invoices").size(), at("invoices of the capture"));
            for (int i = 0; i < count; i++) {
                JsonNode node = answer.path("invoices").path(i);
                Invoice invoice = new Invoice(
                        text(node, "id"), i + 1, installments, parts.get(i), today.plusDays(first + 30L * i));
                assertInvoice(invoice, node, today);
                assertEquals(h.id, text(node, "holdId"), at("the invoice's holdId"));
                created.add(invoice);
            }
            model.capture(h, captured, isFinal, created);
            assertHold(h, answer.path("hold"));
            return Did.RAN;
        }

        Did release(Step s) {
            if (model.holds.isEmpty()) {
                return skip("RELEASE: no hold");
            }
            Hold h = pick(model.holds, s.a(), x -> x.status.equals("ACTIVE"));
            line += "RELEASE " + h;
            String refusal = model.releaseRefusal(h);
            Response r = send("POST", holds() + "/" + h.id + "/release", f.checkout, null, null);
            if (refused(r, refusal)) {
                return Did.RAN;
            }
            JsonNode answer = json(r, 200);
            model.release(h);
            assertHold(h, answer);
            return Did.RAN;
        }

        Did pay(Step s) {
            if (model.invoices.isEmpty()) {
                return skip("PAY: no invoice");
            }
            Invoice i = pick(model.invoices, s.a(), x -> x.status.equals("OPEN"));
            BigDecimal amount = switch (s.b() % 4) {
                case 0 -> null;
                case 1 -> atLeastACent(i.owed());
                case 2 -> i.owed().add(CreditModel.CENT);
                default -> atLeastACent(fraction(i.owed(), s.b() / 4));
            };
            Map<String, Object> body = new LinkedHashMap<>();
            if (amount != null) {
                body.put("amount", amount);
            }
            line += "PAY " + i + ": " + (amount == null ? "the rest" : amount);
            BigDecimal paid = amount == null ? i.owed() : amount;
            String refusal = CreditModel.lowerRefusal(i, paid, "PAYMENT_EXCEEDS_INVOICE");
            Response r = keyed("POST", invoice(i) + "/payments", f.integration, body);
            if (refused(r, refusal)) {
                return Did.RAN;
            }
            JsonNode answer = json(r, 200);
            model.pay(i, paid);
            assertInvoice(i, answer, today(clock.instant()));
            return Did.RAN;
        }

        Did creditNote(Step s) {
            if (model.invoices.isEmpty()) {
                return skip("CREDIT_NOTE: no invoice");
            }
            Invoice i = pick(model.invoices, s.a(), x -> x.status.equals("OPEN"));
            BigDecimal amount = switch (s.b() % 3) {
                case 0 -> atLeastACent(i.owed());
                case 1 -> i.owed().add(CreditModel.CENT);
                default -> atLeastACent(fraction(i.owed(), s.b() / 3));
            };
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("amount", amount);
            body.put("reason", "goods returned");
            line += "CREDIT_NOTE " + i + ": " + amount;
            String refusal = CreditModel.lowerRefusal(i, amount, "CREDIT_NOTE_EXCEEDS_INVOICE");
            Response r = keyed("POST", invoice(i) + "/credit-notes", f.integration, body);
            if (refused(r, refusal)) {
                return Did.RAN;
            }
            JsonNode answer = json(r, 201);
            assertMoney(amount, answer, "amount");
            assertEquals(i.id, text(answer, "invoiceId"), at("invoiceId"));
            model.credit(i, amount);
            return Did.RAN;
        }

        Did postpone(Step s) {
            if (model.invoices.isEmpty()) {
                return skip("POSTPONE: no invoice");
            }
            Invoice i = pick(model.invoices, s.a(), x -> x.status.equals("OPEN"));
            int[] days = {-1, 0, 1, 40};
            LocalDate dueDate = i.dueDate.plusDays(days[s.b() % days.length]);
            line += "POSTPONE " + i + " to " + dueDate;
            String refusal = CreditModel.postponeRefusal(i, dueDate);
            Response r =
                    send("POST", invoice(i) + "/postpone", f.integration, null, Map.of("dueDate", dueDate.toString()));
            if (refused(r, refusal)) {
                return Did.RAN;
            }
            JsonNode answer = json(r, 200);
            model.postpone(i, dueDate);
            assertInvoice(i, answer, today(clock.instant()));
            return Did.RAN;
        }

        Did cancel(Step s) {
            if (model.invoices.isEmpty()) {
                return skip("CANCEL: no invoice");
            }
            Invoice i = pick(model.invoices, s.a(), x -> x.status.equals("OPEN"));
            line += "CANCEL " + i;
            String refusal = CreditModel.cancelRefusal(i);
            Response r = send("POST", invoice(i) + "/cancel", f.integration, null, Map.of());
            if (refused(r, refusal)) {
                return Did.RAN;
            }
            JsonNode answer = json(r, 200);
            model.cancel(i);
            assertInvoice(i, answer, today(clock.instant()));
            return Did.RAN;
        }

        Did changeLimit(Step s) {
            BigDecimal[] limits = {
                null,
                new BigDecimal("0.00"),
                new BigDecimal("500.00"),
                new BigDecimal("1000.00"),
                new BigDecimal("1000.01"),
                new BigDecimal("3000.00"),
                model.creditLimit.subtract(new BigDecimal("100.00")).max(CreditModel.ZERO),
                BigDecimal.valueOf(1 + (s.a() / 8) % 300_000, 2)
            };
            BigDecimal[] tolerances = {
                null,
                new BigDecimal("0"),
                new BigDecimal("0.1"),
                new BigDecimal("0.3333"),
                new BigDecimal("1"),
                new BigDecimal("0.0001"),
                BigDecimal.valueOf((s.b() / 7) % 10_001, 4)
            };
            BigDecimal limit = limits[s.a() % limits.length];
            BigDecimal tolerance = tolerances[s.b() % tolerances.length];
            Map<String, Object> body = new LinkedHashMap<>();
            if (limit != null) {
                body.put("creditLimit", limit);
            }
            if (tolerance != null) {
                body.put("tolerance", tolerance);
            }
            line += "CHANGE_LIMIT" + (limit == null ? "" : " creditLimit " + limit)
                    + (tolerance == null ? "" : " tolerance " + tolerance);
            Response r = send("PATCH", f.account(accountId), f.integration, null, body);
            JsonNode answer = json(r, 200);
            model.change(limit, tolerance);
            assertFigures(answer, "the PATCH answer");
            return Did.RAN;
        }

        Did replay(Step s) {
            if (keyed.isEmpty()) {
                return skip("REPLAY: no request with a key yet");
            }
            Keyed first = keyed.get(s.a() % keyed.size());
            boolean other = s.b() % 4 == 0;
            line += "REPLAY " + first.method + " "
                    + first.path.substring(f.account(accountId).length()) + " " + first.body
                    + (other ? " with another body" : "") + " (first answer " + first.status + ")";
            Map<String, Object> body = first.body;
            if (other) {
                body = new LinkedHashMap<>(first.body);
                Object amount = body.get("amount");
                body.put(
                        "amount",
                        amount == null ? new BigDecimal("0.01") : ((BigDecimal) amount).add(CreditModel.CENT));
            }
            Response r = send(first.method, first.path, first.apiKey, first.key, body);
            if (other) {
                assertEquals(422, r.statusCode(), at("a key reused with another body: " + r.asString()));
                assertEquals("IDEMPOTENCY_KEY_REUSED", text(body(r), "code"), at("the code"));
                return Did.RAN;
            }
            assertEquals(first.status, r.statusCode(), at("the replayed status: " + r.asString()));
            assertEquals("true", r.header("Idempotent-Replayed"), at("the replay header"));
            try {
                assertEquals(JSON.readTree(first.answer), JSON.readTree(r.asString()), at("the replayed body"));
            } catch (IOException e) {
                throw new AssertionError(at("an answer that is not JSON"), e);
            }
            return Did.RAN;
        }

        Did moveTime(Step s) {
            Duration[] moves = {
                Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(8), Duration.ofDays(40)
            };
            Duration by = moves[s.a() % moves.length];
            if (by.equals(Duration.ofHours(1))
                    && clock.instant().plus(by).atZone(SAO_PAULO).getHour() >= 21) {
                by = Duration.ofDays(1);
            }
            clock.advance(by);
            List<Hold> expiring = model.expiring(clock.instant());
            line += "MOVE_TIME +" + by + (expiring.isEmpty() ? "" : ", expiring " + expiring);
            for (Hold h : expiring) {
                model.expire(h);
            }
            long expired = model.entries.stream()
                    .filter(e -> e.type().equals("HOLD_EXPIRED"))
                    .count();
            if (!expiring.isEmpty()) {
                Awaitility.await("the sweeper storing " + expiring.size() + " expiries")
                        .atMost(TIMEOUT)
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> statement(false).stream()
                                        .filter(e -> text(e, "type").equals("HOLD_EXPIRED"))
                                        .count()
                                >= expired);
            }
            return Did.RAN;
        }

        // ---- what every step checks

        void checkAccount(boolean increase) {
            JsonNode account = json(send("GET", f.account(accountId), f.readOnly, null, null), 200);
            assertFigures(account, "the account");
            if (increase) {
                BigDecimal used = money(account, "outstanding").add(money(account, "reserved"));
                BigDecimal ceiling = money(account, "creditLimit")
                        .multiply(BigDecimal.ONE.add(account.path("tolerance").decimalValue()))
                        .setScale(2, RoundingMode.DOWN);
                assertTrue(
                        used.compareTo(ceiling) <= 0,
                        at("the invariant: outstanding + reserved = " + used + " > creditLimit × (1 + tolerance) = "
                                + ceiling));
            }
        }

        void assertFigures(JsonNode account, String what) {
            assertMoney(model.creditLimit, account, "creditLimit");
            assertEquals(
                    0,
                    model.tolerance.compareTo(account.path("tolerance").decimalValue()),
                    at(what + " tolerance " + account.path("tolerance")));
            assertMoney(model.outstanding(), account, "outstanding");
            assertMoney(model.reserved(), account, "reserved");
            assertMoney(model.available(), account, "availableCredit");
            assertMoney(model.availableWithTolerance(), account, "availableCreditWithTolerance");
        }

        /** The statement, every page, is the model's, and replays to the balances. */
        void checkStatement() {
            List<JsonNode> entries = statement(true);
            List<String> expected = new ArrayList<>();
            for (Entry e : model.entries) {
                expected.add(e.type() + " " + e.amount());
            }
            List<String> actual = new ArrayList<>();
            for (JsonNode e : entries) {
                actual.add(text(e, "type") + " " + money(e, "amount"));
            }
            assertEquals(expected, actual, at("the statement"));
            BigDecimal outstanding = CreditModel.ZERO;
            BigDecimal reserved = CreditModel.ZERO;
            Instant previous = Instant.MIN;
            for (int i = 0; i < entries.size(); i++) {
                JsonNode e = entries.get(i);
                BigDecimal amount = money(e, "amount");
                switch (text(e, "type")) {
                    case "HOLD_PLACED", "HOLD_ADJUSTED", "HOLD_RELEASED", "HOLD_EXPIRED" ->
                        reserved = reserved.add(amount);
                    case "HOLD_CAPTURED" -> {
                        reserved = reserved.subtract(amount);
                        outstanding = outstanding.add(amount);
                    }
                    case "INVOICE_PAID", "INVOICE_CREDITED", "INVOICE_CANCELLED" ->
                        outstanding = outstanding.add(amount);
                    default -> {}
                }
                String which = "entry " + (i + 1) + " (" + text(e, "type") + ")";
                assertMoney(outstanding, e, "outstandingAfter", which);
                assertMoney(reserved, e, "reservedAfter", which);
                String reference = model.entries.get(i).reference();
                if (reference != null) {
                    String got = text(e, "reference");
                    assertTrue(got != null && got.startsWith(reference), at(which + " reference " + got));
                }
                Instant at = Instant.parse(text(e, "occurredAt"));
                // each entry is dated after the one before it (credit_entry_at), but expiries are dated at
                // their hold's expiresAt: holds that expire at the same instant have entries of one date
                boolean tie = text(e, "type").equals("HOLD_EXPIRED")
                        && i > 0
                        && text(entries.get(i - 1), "type").equals("HOLD_EXPIRED");
                assertTrue(
                        at.isAfter(previous) || (tie && at.equals(previous)),
                        at(which + " is dated " + at + ", after the one before it (" + previous + ")"));
                previous = at;
            }
            assertEquals(0, outstanding.compareTo(model.outstanding()), at("the statement replays to outstanding"));
            assertEquals(0, reserved.compareTo(model.reserved()), at("the statement replays to reserved"));
        }

        /** Every entry, following nextCursor; when {@code checked}, each page's totals are the model's. */
        List<JsonNode> statement(boolean checked) {
            List<JsonNode> entries = new ArrayList<>();
            String cursor = null;
            do {
                Map<String, Object> query = new HashMap<>();
                query.put("limit", 20);
                if (cursor != null) {
                    query.put("cursor", cursor);
                }
                JsonNode page =
                        json(Api.as(f.readOnly).queryParams(query).get(f.account(accountId) + "/statement"), 200);
                page.path("items").forEach(entries::add);
                if (checked) {
                    assertEquals(
                            model.entries.size(),
                            page.path("totals").path("entries").asLong(),
                            at("totals.entries of a statement page"));
                    assertMoney(model.outstanding(), page.path("totals"), "outstandingChange");
                    assertMoney(model.reserved(), page.path("totals"), "reservedChange");
                }
                cursor = text(page, "nextCursor");
            } while (cursor != null);
            return entries;
        }

        /** At the end: the account's holds and invoices, every page, are the model's. */
        void checkHoldsAndInvoices() {
            List<JsonNode> holds = pages(holds());
            assertEquals(model.holds.size(), holds.size(), at("the account's holds"));
            for (int i = 0; i < holds.size(); i++) {
                Hold h = find(model.holds, text(holds.get(i), "id"));
                assertHold(h, holds.get(i));
            }
            List<JsonNode> invoices = pages(f.account(accountId) + "/invoices");
            assertEquals(model.invoices.size(), invoices.size(), at("the account's invoices"));
            LocalDate today = today(clock.instant());
            for (JsonNode invoice : invoices) {
                Invoice i = model.invoices.stream()
                        .filter(m -> m.id.equals(text(invoice, "id")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(at("an invoice the model does not know")));
                assertInvoice(i, invoice, today);
            }
        }

        List<JsonNode> pages(String path) {
            List<JsonNode> items = new ArrayList<>();
            String cursor = null;
            do {
                Map<String, Object> query = new HashMap<>();
                query.put("limit", 7);
                if (cursor != null) {
                    query.put("cursor", cursor);
                }
                JsonNode page = json(Api.as(f.readOnly).queryParams(query).get(path), 200);
                page.path("items").forEach(items::add);
                cursor = text(page, "nextCursor");
            } while (cursor != null);
            return items;
        }

        Hold find(List<Hold> holds, String id) {
            return holds.stream()
                    .filter(h -> h.id.equals(id))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(at("a hold the model does not know: " + id)));
        }

        void assertHold(Hold h, JsonNode answer) {
            assertEquals(h.id, text(answer, "id"), at("the hold's id"));
            assertEquals(accountId, text(answer, "accountId"), at("the hold's accountId"));
            assertEquals(h.orderId, text(answer, "orderId"), at("the hold's orderId"));
            assertEquals(h.status, text(answer, "status"), at("the status of " + h));
            assertMoney(h.amount, answer, "amount");
            if (h.captured.signum() == 0) {
                assertNull(text(answer, "capturedAmount"), at("capturedAmount before any capture"));
            } else {
                assertMoney(h.captured, answer, "capturedAmount");
            }
            assertEquals(h.expiresAt, Instant.parse(text(answer, "expiresAt")), at("the expiresAt of " + h));
        }

        void assertInvoice(Invoice i, JsonNode answer, LocalDate today) {
            assertEquals(i.id, text(answer, "id"), at("the invoice's id"));
            assertEquals(accountId, text(answer, "accountId"), at("the invoice's accountId"));
            assertEquals(i.installment, answer.path("installment").asInt(), at("installment of " + i));
            assertEquals(i.installments, answer.path("installments").asInt(), at("installments of " + i));
            assertMoney(i.amount, answer, "amount");
            assertMoney(i.paid, answer, "paidAmount");
            assertMoney(i.credited, answer, "creditedAmount");
            assertEquals(i.status, text(answer, "status"), at("the status of " + i));
            assertEquals(i.dueDate.toString(), text(answer, "dueDate"), at("the dueDate of " + i));
            assertEquals(i.overdue(today, GRACE_DAYS), answer.path("overdue").asBoolean(), at("overdue, of " + i));
            if (i.status.equals("PAID")) {
                assertNotNull(text(answer, "paidAt"), at("paidAt of a PAID invoice"));
            }
        }

        // ---- requests and answers

        /** Sends a request with a new Idempotency-Key and remembers it (and its answer) for REPLAY. */
        Response keyed(String method, String path, String apiKey, Map<String, Object> body) {
            String key = UUID.randomUUID().toString();
            Response r = send(method, path, apiKey, key, body);
            keyed.add(new Keyed(method, path, apiKey, key, body, r.statusCode(), r.asString()));
            return r;
        }

        Response send(String method, String path, String apiKey, String idempotencyKey, Map<String, Object> body) {
            var request = Api.as(apiKey);
            if (idempotencyKey != null) {
                request = request.header("Idempotency-Key", idempotencyKey);
            }
            if (body != null) {
                request = request.body(body);
            }
            Response r = request.request(method, path);
            if (!method.equals("GET")) {
                line += " -> " + r.statusCode() + (r.statusCode() >= 400 ? " " + text(body(r), "code") : "");
                String answer = line.substring(line.indexOf(". ") + 2).split(" ")[0] + " " + r.statusCode();
                if (r.statusCode() >= 400) {
                    answer += " " + text(body(r), "code");
                }
                answers.merge(answer, 1, Integer::sum);
            }
            return r;
        }

        /** True when the model expects a refusal and the service gave exactly that one; fails otherwise. */
        boolean refused(Response r, String expected) {
            if (expected == null) {
                assertTrue(r.statusCode() < 300, at("the model accepts it, the service answered " + r.asString()));
                return false;
            }
            assertEquals(expected, text(body(r), "code"), at("the refusal, answered " + r.asString()));
            assertEquals(statusOf(expected), r.statusCode(), at("the status of " + expected));
            assertTrue(r.contentType().startsWith("application/problem+json"), at("a refusal is problem+json"));
            return true;
        }

        JsonNode json(Response r, int status) {
            assertEquals(status, r.statusCode(), at("the status; answered " + r.asString()));
            return body(r);
        }

        Did skip(String why) {
            line += why + " (skipped)";
            return Did.SKIPPED;
        }

        String holds() {
            return f.account(accountId) + "/holds";
        }

        String invoice(Invoice i) {
            return f.account(accountId) + "/invoices/" + i.id;
        }

        /** A message naming the step that failed. */
        String at(String what) {
            return "step " + number + " [" + line + "]: " + what;
        }

        void assertMoney(BigDecimal expected, JsonNode json, String path) {
            assertMoney(expected, json, path, "");
        }

        void assertMoney(BigDecimal expected, JsonNode json, String path, String which) {
            BigDecimal actual = money(json, path);
            assertEquals(
                    0,
                    expected.compareTo(actual),
                    at(which + " " + path + ": expected " + expected + " but was " + actual));
            assertEquals(2, actual.scale(), at(which + " " + path + " carries 2 decimals: " + actual));
        }
    }

    /** What a step did: nothing (it had nothing to act on), ran, or ran and raised what the account uses. */
    enum Did {
        SKIPPED,
        RAN,
        INCREASED
    }

    /** The answer's body as a tree, its numbers as written. */
    static JsonNode body(Response r) {
        try {
            return JSON.readTree(r.asString());
        } catch (IOException e) {
            throw new AssertionError("an answer that is not JSON: " + r.asString(), e);
        }
    }

    /** A member's text, or null when it is absent or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static BigDecimal money(JsonNode json, String field) {
        JsonNode value = json.get(field);
        assertTrue(value != null && value.isNumber(), field + " is not a number: " + value);
        return value.decimalValue();
    }

    static LocalDate today(Instant now) {
        return now.atZone(SAO_PAULO).toLocalDate();
    }

    /** The amount of a raw number near {@code fit}: exactly it, a cent more, small, a share of it, large. */
    static BigDecimal amount(int raw, BigDecimal fit) {
        return switch (raw % 6) {
            case 0 -> atLeastACent(fit);
            case 1 -> atLeastACent(fit.add(CreditModel.CENT));
            case 2 -> BigDecimal.valueOf(1 + (raw / 6) % 10_000, 2);
            case 3 -> atLeastACent(fraction(fit, raw / 6));
            case 4 -> BigDecimal.valueOf(50L * (1 + (raw / 6) % 40)).setScale(2, RoundingMode.UNNECESSARY);
            default -> BigDecimal.valueOf((raw / 6) % 2_000_00 + 1, 2);
        };
    }

    /**
     * One of the items, by a raw number: mostly (3 times in 4) one of those {@code preferred} when
     * there are some — the holds that are still ACTIVE, the invoices still OPEN — else any.
     */
    static <T> T pick(List<T> items, int raw, Predicate<T> preferred) {
        List<T> some = items.stream().filter(preferred).toList();
        if (raw % 4 != 3 && !some.isEmpty()) {
            return some.get((raw / 4) % some.size());
        }
        return items.get((raw / 4) % items.size());
    }

    /** Between 1% and 99% of an amount, rounded down to the cent. */
    static BigDecimal fraction(BigDecimal amount, int raw) {
        return amount.multiply(BigDecimal.valueOf(1 + raw % 99)).divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN);
    }

    static BigDecimal atLeastACent(BigDecimal amount) {
        return amount.max(CreditModel.CENT).setScale(2, RoundingMode.UNNECESSARY);
    }

    /**
     * An expiresAt on a half-hour grid (so that moves of whole hours and days never land on one), or
     * null for the default of 7 days when {@code mayDefault}.
     */
    static Instant expiresAt(int raw, Instant now, boolean mayDefault) {
        Duration[] choices = {
            null,
            Duration.ofMinutes(90),
            Duration.ofMinutes(150),
            Duration.ofDays(1).plusMinutes(30),
            Duration.ofDays(3).plusMinutes(30),
            Duration.ofDays(7).plusMinutes(30),
            Duration.ofDays(10).plusMinutes(30),
            Duration.ofDays(29).plusMinutes(30)
        };
        Duration d = choices[raw % choices.length];
        if (d == null) {
            if (mayDefault) {
                return null;
            }
            d = choices[1];
        }
        return now.plus(d).truncatedTo(ChronoUnit.SECONDS);
    }

    static String after(Instant now, Instant at) {
        return at == null
                ? "(default, 7 days)"
                : "+" + Duration.between(now, at).plusMillis(999).truncatedTo(ChronoUnit.MINUTES);
    }

    static int statusOf(String code) {
        return switch (code) {
            case "ORDER_ALREADY_HELD", "HOLD_NOT_ACTIVE", "INVOICE_NOT_OPEN" -> 409;
            case "VALIDATION_FAILED" -> 400;
            default -> 422;
        };
    }
}
