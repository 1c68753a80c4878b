package dev.aval.console;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.aval.credit.AccountView;
import dev.aval.credit.CreditAccountService;
import dev.aval.credit.CreditNoteRequest;
import dev.aval.credit.EntryType;
import dev.aval.credit.HoldService;
import dev.aval.credit.HoldView;
import dev.aval.credit.HolderRequest;
import dev.aval.credit.InvoiceService;
import dev.aval.credit.InvoiceStatus;
import dev.aval.credit.InvoiceView;
import dev.aval.credit.PatchAccountRequest;
import dev.aval.credit.PaymentRequest;
import dev.aval.credit.PostponeRequest;
import dev.aval.credit.ReasonRequest;
import dev.aval.credit.StatementView;
import dev.aval.platform.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.smallrye.mutiny.Uni;

/**
 * Conta: one credit account — its identification, balances and credit bar; for an OPERATOR the
 * edit form (guarded by the account's version), holders and closing; tabs Extrato, Reservas and
 * Faturas (release a hold, pay or cancel an invoice).
 */
@Path("/console/accounts")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class AccountPage {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The tabs, by their {@code ?tab=} value. */
    public enum Tab {
        statement,
        holds,
        invoices;

        static Tab of(String raw) {
            for (Tab t : values()) {
                if (t.name().equals(raw)) {
                    return t;
                }
            }
            return statement;
        }
    }

    /** A banner: what just happened (after a redirect) or why a change was refused. */
    public enum Notice {
        CREATED,
        SAVED,
        HOLDER_ADDED,
        HOLDER_REMOVED,
        CLOSED,
        HOLD_RELEASED,
        HOLD_EXPIRED,
        INVOICE_PAID,
        INVOICE_CANCELLED,
        INVOICE_CREDITED,
        INVOICE_POSTPONED,
        /** A cancellation of an invoice already cancelled (e.g. the same form sent twice). */
        INVOICE_ALREADY_CANCELLED,
        VERSION_CONFLICT,
        ACTIVE_HOLDS,
        REFUSED;

        public boolean ok() {
            return ordinal() < VERSION_CONFLICT.ordinal();
        }

        static Notice done(String raw) {
            if (raw == null) {
                return null;
            }
            for (Notice n : values()) {
                if (n.ok() && n.name().equalsIgnoreCase(raw)) {
                    return n;
                }
            }
            return null;
        }
    }

    /**
     * The credit bar as shares (0–100) of {@code creditLimit × (1 + tolerance)}: used, reserved and
     * free side by side; {@code limitAt} where the limit itself ends (null without tolerance).
     */
    public record Bar(
            BigDecimal whole,
            String used,
            String reservedAt,
            String reserved,
            String freeAt,
            String free,
            String limitAt,
            String toleranceWidth) {

        static Bar of(AccountView a) {
            // the ceiling as the credit rules compute it (to the cent, down): shown as "Teto"
            BigDecimal whole = dev.aval.credit.Money.ceiling(a.creditLimit(), a.tolerance());
            BigDecimal used = a.outstanding().max(BigDecimal.ZERO).min(whole);
            BigDecimal reserved =
                    a.reserved().max(BigDecimal.ZERO).min(whole.subtract(used).max(BigDecimal.ZERO));
            BigDecimal free = a.availableCreditWithTolerance().max(BigDecimal.ZERO);
            String usedShare = Formats.share(used, whole);
            String reservedShare = Formats.share(reserved, whole);
            String limitAt =
                    a.tolerance().signum() > 0 && whole.signum() > 0 ? Formats.share(a.creditLimit(), whole) : null;
            BigDecimal freeAt =
                    new BigDecimal(usedShare).add(new BigDecimal(reservedShare)).min(HUNDRED);
            // free fills the rest exactly (no gap from rounding the other two)
            String freeShare = free.signum() > 0 && whole.signum() > 0
                    ? HUNDRED.subtract(freeAt).setScale(1).toPlainString()
                    : "0";
            return new Bar(
                    whole,
                    usedShare,
                    usedShare,
                    reservedShare,
                    freeAt.toPlainString(),
                    freeShare,
                    limitAt,
                    limitAt == null
                            ? null
                            : HUNDRED.subtract(new BigDecimal(limitAt)).toPlainString());
        }
    }

    /** A form as typed, with its errors by field ({@code ""}: not about one field). */
    public record Form(Map<String, String> values, Map<String, String> errors) {

        static Form of(Map<String, String> values) {
            return new Form(values, Map.of());
        }

        static Form empty() {
            return new Form(Map.of(), Map.of());
        }

        Form with(Map<String, String> errors) {
            return new Form(values, FormInput.inPagesLanguage(errors));
        }

        public String value(String field) {
            return values.getOrDefault(field, "");
        }

        public String error(String field) {
            return errors.get(field);
        }

        public boolean invalid() {
            return !errors.isEmpty();
        }
    }

    /** One statement line, its actor named and its reference made readable. */
    public record Line(StatementView.Entry entry, ActorNames.Actor actor, String detail) {}

    public record TypeTotal(EntryType type, BigDecimal amount) {}

    /** Extrato: the date filter as typed (dates, {@code to} inclusive), its errors, the lines and range totals. */
    public record Statement(
            String from, String to, Map<String, String> errors, List<Line> lines, StatementView.Totals totals) {

        public String error(String field) {
            return errors.get(field);
        }

        public boolean filtered() {
            return !from.isEmpty() || !to.isEmpty();
        }

        /** The range's sum per entry type, in the types' order. */
        public List<TypeTotal> byType() {
            if (totals == null) {
                return List.of();
            }
            return java.util.Arrays.stream(EntryType.values())
                    .filter(totals.amountByType()::containsKey)
                    .map(t -> new TypeTotal(t, totals.amountByType().get(t)))
                    .toList();
        }
    }

    /** Everything the page shows. {@code invoiceForm} is the payment or cancellation that was refused, on its invoice. */
    public record View(
            AccountView account,
            Bar bar,
            Tab tab,
            Notice notice,
            String noticeDetail,
            Form edit,
            Form holder,
            Form close,
            Statement statement,
            List<HoldView> holds,
            List<InvoiceView> invoices,
            String invoiceId,
            Form invoiceForm,
            String nextCursor,
            Paging paging,
            boolean mayWrite,
            boolean oneInvoice) {

        public boolean open() {
            return account.status() == dev.aval.credit.AccountStatus.OPEN;
        }

        /** The query part that keeps the tab and its filter in pager links. */
        public String tabQuery() {
            String q = "tab=" + tab.name();
            if (tab == Tab.statement) {
                q += "&from=" + Formats.urlEncode(statement.from()) + "&to=" + Formats.urlEncode(statement.to());
            }
            return q;
        }

        /** An OPERATOR on an OPEN account: the forms that change the account are shown. */
        public boolean writable() {
            return mayWrite && open();
        }

        public String base() {
            return "/console/accounts/" + account.id();
        }

        /** The close form starts open when it was refused. */
        public boolean closeOpen() {
            return close.invalid()
                    || notice == Notice.ACTIVE_HOLDS
                    || notice == Notice.REFUSED && !close.values().isEmpty();
        }

        /** The refused invoice form when it is about this invoice, else an empty one. */
        public Form invoiceForm(UUID id) {
            return id.toString().equals(invoiceId) ? invoiceForm : Form.empty();
        }
    }

    /** What a GET asked for: the tab, its filter and its page. */
    record Query(Tab tab, String from, String to, String cursor, String trail, UUID invoice) {

        static final Query FIRST = new Query(Tab.statement, "", "", null, null, null);

        static Query tab(Tab tab) {
            return new Query(tab, "", "", null, null, null);
        }

        /** The query of an address of the account's page ({@code tab=…&from=…}), read as {@link #show} reads it. */
        static Query parse(String rawQuery) {
            Map<String, String> params = new HashMap<>();
            new io.netty.handler.codec.http.QueryStringDecoder(rawQuery == null ? "" : rawQuery, false)
                    .parameters()
                    .forEach((name, values) -> params.put(name, values.get(0)));
            return new Query(
                    Tab.of(params.get("tab")),
                    nz(params.get("from")).strip(),
                    nz(params.get("to")).strip(),
                    blankToNull(params.get("cursor")),
                    params.get("trail"),
                    uuidOrNull(params.get("invoice")));
        }

        /** {@code &tab=…} and whatever else is set, for a redirect back to this view. */
        String params() {
            StringBuilder s = new StringBuilder("&tab=").append(tab.name());
            append(s, "from", from);
            append(s, "to", to);
            append(s, "cursor", cursor);
            append(s, "trail", trail);
            append(s, "invoice", invoice == null ? null : invoice.toString());
            return s.toString();
        }

        private static void append(StringBuilder s, String name, String value) {
            if (value != null && !value.isEmpty()) {
                s.append('&').append(name).append('=').append(Formats.urlEncode(value));
            }
        }
    }

    /** How a POST's refusal is shown: the banner, the forms as typed. */
    record State(
            Notice notice,
            String noticeDetail,
            Form edit,
            Form holder,
            Form close,
            String invoiceId,
            Form invoiceForm) {

        static State of(Notice notice) {
            return new State(notice, null, null, Form.empty(), Form.empty(), null, Form.empty());
        }

        State notice(Notice n, String detail) {
            return new State(n, detail, edit, holder, close, invoiceId, invoiceForm);
        }

        State edit(Form f) {
            return new State(notice, noticeDetail, f, holder, close, invoiceId, invoiceForm);
        }

        State holder(Form f) {
            return new State(notice, noticeDetail, edit, f, close, invoiceId, invoiceForm);
        }

        State close(Form f) {
            return new State(notice, noticeDetail, edit, holder, f, invoiceId, invoiceForm);
        }

        State invoice(String id, Form f) {
            return new State(notice, noticeDetail, edit, holder, close, id, f);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance show(View view, String nav);
    }

    @Inject
    CreditAccountService accounts;

    @Inject
    ObjectMapper json;

    @Inject
    HoldService holdService;

    @Inject
    InvoiceService invoiceService;

    @Inject
    ActorNames actors;

    @Inject
    AccountPageMsg pt;

    @Inject
    @Localized("en")
    AccountPageMsg en;

    @Inject
    PageContext page;

    @Inject
    ErrorPages errorPages;

    @Inject
    Validator validator;

    @GET
    @Path("/{accountId}")
    public Uni<TemplateInstance> show(
            @PathParam("accountId") String accountId,
            @QueryParam("tab") String tab,
            @QueryParam("created") String created,
            @QueryParam("done") String done,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("cursor") String cursor,
            @QueryParam("trail") String trail,
            @QueryParam("invoice") String invoice) {
        UUID id = accountId(accountId);
        Notice notice = "true".equals(created) ? Notice.CREATED : Notice.done(done);
        Query query = new Query(
                Tab.of(tab), nz(from).strip(), nz(to).strip(), blankToNull(cursor), trail, uuidOrNull(invoice));
        return view(id, query, State.of(notice)).map(v -> page.render(Templates.show(v, "accounts")));
    }

    @POST
    @Path("/{accountId}/edit")
    public Uni<Response> edit(
            @PathParam("accountId") String accountId,
            @RestForm String version,
            @RestForm String email,
            @RestForm String creditLimit,
            @RestForm String tolerance,
            @RestForm String reason) {
        return asOperator(accountId, id -> {
            Form typed = Form.of(Map.of(
                    "version",
                    nz(version),
                    "email",
                    nz(email),
                    "creditLimit",
                    nz(creditLimit),
                    "tolerance",
                    nz(tolerance),
                    "reason",
                    nz(reason)));
            Map<String, String> errors = new LinkedHashMap<>();
            if (nz(email).isBlank()) {
                errors.put("email", "must not be blank");
            }
            BigDecimal limit = null;
            try {
                limit = FormInput.money(creditLimit);
                if (limit == null) {
                    errors.put("creditLimit", "must not be null");
                }
            } catch (NumberFormatException e) {
                errors.put("creditLimit", "must be a number, like 1.234,56");
            }
            BigDecimal fraction = null;
            try {
                fraction = FormInput.percent(tolerance);
            } catch (NumberFormatException e) {
                errors.put("tolerance", "must be a percentage, like 10 or 12,5");
            }
            PatchAccountRequest request = new PatchAccountRequest(
                    nz(email).strip(),
                    null,
                    null,
                    limit,
                    fraction == null ? BigDecimal.ZERO : fraction,
                    blankToNull(nz(reason).strip()));
            FormInput.errors(validator.validate(request)).forEach(errors::putIfAbsent);
            FormInput.inPercent(errors, fraction);
            if (!errors.isEmpty()) {
                return refused(id, 400, State.of(null).edit(typed.with(errors)));
            }
            String ifMatch = "\"" + nz(version).strip() + "\"";
            return accounts.patch(page.distributorId(), id, ifMatch, request, page.actor())
                    .map(a -> done(id, Notice.SAVED, null))
                    .onFailure(ProblemException.class)
                    .recoverWithUni(e -> {
                        ProblemException p = (ProblemException) e;
                        if ("VERSION_MISMATCH".equals(p.code())) {
                            // the same form sent twice (no script, a double click) finds its own
                            // change: the account already is as typed, which is all the analyst asked
                            return accounts.get(page.distributorId(), id)
                                    .chain(now -> now.status() == dev.aval.credit.AccountStatus.OPEN
                                                    && request.email().equals(now.email())
                                                    && request.creditLimit().compareTo(now.creditLimit()) == 0
                                                    && request.tolerance().compareTo(now.tolerance()) == 0
                                            ? Uni.createFrom().item(done(id, Notice.SAVED, null))
                                            : refused(
                                                    id,
                                                    409,
                                                    State.of(Notice.VERSION_CONFLICT)
                                                            .edit(typed)));
                        }
                        Map<String, String> fieldErrors = FormInput.errors(p);
                        if (fieldErrors.containsKey("")) {
                            return refused(
                                    id,
                                    p.status(),
                                    State.of(null)
                                            .notice(Notice.REFUSED, p.getMessage())
                                            .edit(typed));
                        }
                        return refused(id, p.status(), State.of(null).edit(typed.with(fieldErrors)));
                    });
        });
    }

    @POST
    @Path("/{accountId}/holders")
    public Uni<Response> addHolder(@PathParam("accountId") String accountId, @RestForm String email) {
        return asOperator(accountId, id -> {
            Form typed = Form.of(Map.of("email", nz(email)));
            HolderRequest request = new HolderRequest(nz(email).strip());
            Map<String, String> errors = FormInput.errors(validator.validate(request));
            if (!errors.isEmpty()) {
                return refused(id, 400, State.of(null).holder(typed.with(errors)));
            }
            return accounts.addHolder(page.distributorId(), id, request.email(), page.actor())
                    .map(h -> done(id, Notice.HOLDER_ADDED, null))
                    .onFailure(ProblemException.class)
                    .recoverWithUni(e -> {
                        ProblemException p = (ProblemException) e;
                        Map<String, String> fieldErrors = FormInput.errors(p);
                        String message = fieldErrors.containsKey("")
                                ? p.getMessage()
                                : fieldErrors.values().iterator().next();
                        return refused(id, p.status(), State.of(null).holder(typed.with(Map.of("email", message))));
                    });
        });
    }

    @POST
    @Path("/{accountId}/holders/{holderId}/remove")
    public Uni<Response> removeHolder(
            @PathParam("accountId") String accountId, @PathParam("holderId") String holderId) {
        return asOperator(
                accountId,
                id -> accounts.removeHolder(page.distributorId(), id, holderId(holderId), page.actor())
                        .map(ignored -> done(id, Notice.HOLDER_REMOVED, null))
                        .onFailure(AccountPage::refusalOnThisAccount)
                        .recoverWithUni(e -> refused(
                                id,
                                ((ProblemException) e).status(),
                                State.of(null).notice(Notice.REFUSED, e.getMessage()))));
    }

    @POST
    @Path("/{accountId}/close")
    public Uni<Response> close(
            @PathParam("accountId") String accountId, @RestForm String reason, @RestForm String confirm) {
        return asOperator(accountId, id -> {
            Form typed = Form.of(Map.of("reason", nz(reason)));
            Map<String, String> errors = new LinkedHashMap<>();
            if (!"yes".equals(confirm)) {
                errors.put("confirm", "confirm");
            }
            ReasonRequest request = new ReasonRequest(blankToNull(nz(reason).strip()));
            FormInput.errors(validator.validate(request)).forEach(errors::putIfAbsent);
            if (!errors.isEmpty()) {
                return refused(id, 400, State.of(null).close(typed.with(errors)));
            }
            return accounts.close(page.distributorId(), id, request.reason(), page.actor())
                    .map(a -> done(id, Notice.CLOSED, null))
                    .onFailure(ProblemException.class)
                    .recoverWithUni(e -> {
                        ProblemException p = (ProblemException) e;
                        Notice n = "CREDIT_ACCOUNT_HAS_ACTIVE_HOLDS".equals(p.code())
                                ? Notice.ACTIVE_HOLDS
                                : Notice.REFUSED;
                        return refused(
                                id,
                                p.status(),
                                State.of(null).notice(n, p.getMessage()).close(typed));
                    });
        });
    }

    @POST
    @Path("/{accountId}/holds/{holdId}/release")
    public Uni<Response> release(@PathParam("accountId") String accountId, @PathParam("holdId") String holdId) {
        return asOperator(
                accountId,
                id -> holdService
                        .release(page.distributorId(), id, holdId, page.actor())
                        // a hold past expiresAt is EXPIRED for every purpose: its release frees nothing more
                        .map(h -> done(
                                id,
                                h.status() == dev.aval.credit.HoldStatus.EXPIRED
                                        ? Notice.HOLD_EXPIRED
                                        : Notice.HOLD_RELEASED,
                                Tab.holds))
                        .onFailure(AccountPage::refusalOnThisAccount)
                        .recoverWithUni(e -> refused(
                                id,
                                sentFrom(id, Tab.holds),
                                ((ProblemException) e).status(),
                                State.of(null).notice(Notice.REFUSED, e.getMessage()))));
    }

    @POST
    @Path("/{accountId}/invoices/{invoiceId}/pay")
    public Uni<Response> pay(
            @PathParam("accountId") String accountId,
            @PathParam("invoiceId") String invoiceId,
            @RestForm String amount,
            @RestForm String reference,
            @RestForm String key) {
        return asOperator(accountId, id -> {
            Map<String, String> errors = new LinkedHashMap<>();
            BigDecimal value = null;
            try {
                value = FormInput.money(amount);
            } catch (NumberFormatException e) {
                errors.put("amount", "must be a number, like 1.234,56");
            }
            PaymentRequest request =
                    new PaymentRequest(value, blankToNull(nz(reference).strip()));
            return new InvoiceForm(id, invoiceId, "pay", Map.of("amount", nz(amount), "reference", nz(reference)))
                    .sendOnce(
                            errors,
                            request,
                            key,
                            (account, invoice, once, path) -> invoiceService.pay(
                                    page.distributorId(), account, invoice, once, path, request, page.actor()),
                            Notice.INVOICE_PAID,
                            p -> fieldErrorsOr(p, "amount"));
        });
    }

    @POST
    @Path("/{accountId}/invoices/{invoiceId}/credit")
    public Uni<Response> credit(
            @PathParam("accountId") String accountId,
            @PathParam("invoiceId") String invoiceId,
            @RestForm String amount,
            @RestForm String reason,
            @RestForm String reference,
            @RestForm String key) {
        return asOperator(accountId, id -> {
            Map<String, String> errors = new LinkedHashMap<>();
            BigDecimal value = null;
            try {
                value = FormInput.money(amount);
            } catch (IllegalArgumentException e) {
                errors.put("amount", "must be a number, like 1.234,56");
            }
            CreditNoteRequest request = new CreditNoteRequest(
                    value,
                    blankToNull(nz(reason).strip()),
                    blankToNull(nz(reference).strip()));
            return new InvoiceForm(
                            id,
                            invoiceId,
                            "credit",
                            Map.of("amount", nz(amount), "reason", nz(reason), "reference", nz(reference)))
                    .sendOnce(
                            errors,
                            request,
                            key,
                            (account, invoice, once, path) -> invoiceService.credit(
                                    page.distributorId(), account, invoice, once, path, request, page.actor()),
                            Notice.INVOICE_CREDITED,
                            p -> fieldErrorsOr(p, p.status() == 409 ? "" : "amount"));
        });
    }

    @POST
    @Path("/{accountId}/invoices/{invoiceId}/postpone")
    public Uni<Response> postpone(
            @PathParam("accountId") String accountId,
            @PathParam("invoiceId") String invoiceId,
            @RestForm String dueDate,
            @RestForm String reason) {
        return asOperator(accountId, id -> {
            Map<String, String> errors = new LinkedHashMap<>();
            LocalDate due = date(dueDate, "dueDate", errors);
            if (due == null && errors.isEmpty()) {
                errors.put("dueDate", "must not be null");
            }
            PostponeRequest request =
                    new PostponeRequest(due, blankToNull(nz(reason).strip()));
            return new InvoiceForm(id, invoiceId, "postpone", Map.of("dueDate", nz(dueDate), "reason", nz(reason)))
                    .send(
                            errors,
                            request,
                            (account, invoice) -> invoiceService.postpone(
                                    page.distributorId(), account, invoice, request, page.actor()),
                            Notice.INVOICE_POSTPONED,
                            // a date not later than the current one stays refused, even when it is the
                            // current one: a typing slip and a form sent twice look the same here
                            p -> Map.of(p.status() == 422 ? "dueDate" : "", p.getMessage()),
                            null);
        });
    }

    @POST
    @Path("/{accountId}/invoices/{invoiceId}/cancel")
    public Uni<Response> cancel(
            @PathParam("accountId") String accountId,
            @PathParam("invoiceId") String invoiceId,
            @RestForm String reason,
            @RestForm String confirm) {
        return asOperator(accountId, id -> {
            Map<String, String> errors = new LinkedHashMap<>();
            if (!"yes".equals(confirm)) {
                errors.put("confirm", "confirm");
            }
            ReasonRequest request = new ReasonRequest(blankToNull(nz(reason).strip()));
            return new InvoiceForm(id, invoiceId, "cancel", Map.of("reason", nz(reason)))
                    .send(
                            errors,
                            request,
                            (account, invoice) -> invoiceService.cancel(
                                    page.distributorId(), account, invoice, request.reason(), page.actor()),
                            Notice.INVOICE_CANCELLED,
                            p -> Map.of("", p.getMessage()),
                            invoice -> invoice.status() == InvoiceStatus.CANCELLED
                                    ? Notice.INVOICE_ALREADY_CANCELLED
                                    : null);
        });
    }

    /** A write kept under the form's one-time key: the account, the invoice, the key and its path. */
    @FunctionalInterface
    private interface WriteOnce {
        Uni<Response> send(UUID accountId, UUID invoiceId, String key, String path);
    }

    /**
     * One form on one invoice of the Faturas tab (the form's {@code action} and its values as typed),
     * answered the one way all of them are once {@link #asOperator} has let it through. Errors of the
     * input — as parsed, then the request's Bean Validation — show on the form with 400; else the
     * write is sent: a 2xx redirects to the tab with the notice, another answer shows as refused, and
     * a refusal on this account shows on the form as {@code fieldErrors} maps it (the account itself
     * not found stays the 404 page).
     */
    private final class InvoiceForm {
        private final UUID accountId;
        private final String invoiceId;
        private final String action;
        private final Form typed;

        InvoiceForm(UUID accountId, String invoiceId, String action, Map<String, String> values) {
            this.accountId = accountId;
            this.invoiceId = invoiceId;
            this.action = action;
            Map<String, String> typed = new HashMap<>(values);
            typed.put("action", action);
            this.typed = Form.of(Map.copyOf(typed));
        }

        /**
         * Sends a write under the form's one-time key: a double click or a resent form writes once (a
         * form without one, e.g. an old page, gets a fresh key: it still writes, as the API with a new
         * Idempotency-Key would). The key is kept under the form's path, which ends with its action.
         */
        Uni<Response> sendOnce(
                Map<String, String> errors,
                Object request,
                String key,
                WriteOnce write,
                Notice notice,
                Function<ProblemException, Map<String, String>> fieldErrors) {
            String once = key == null || key.isBlank() ? UUID.randomUUID().toString() : key;
            return send(
                    errors,
                    request,
                    (account, invoice) -> FormInput.once(() -> write.send(
                            account,
                            invoice,
                            once,
                            "/console/accounts/" + account + "/invoices/" + invoiceId + "/" + action)),
                    notice,
                    fieldErrors,
                    null);
        }

        /**
         * Sends a write the service answers with the invoice (or, under a key, with its HTTP answer).
         * A refused write (409) whose invoice {@code already} finds as asked (a form without a one-time
         * key sent twice) is told with that notice instead of the refusal; {@code already} null: none.
         */
        Uni<Response> send(
                Map<String, String> errors,
                Object request,
                BiFunction<UUID, UUID, Uni<?>> write,
                Notice notice,
                Function<ProblemException, Map<String, String>> fieldErrors,
                Function<InvoiceView, Notice> already) {
            FormInput.errors(validator.validate(request)).forEach(errors::putIfAbsent);
            if (!errors.isEmpty()) {
                return refused(
                        accountId,
                        sentFrom(accountId, Tab.invoices),
                        400,
                        State.of(null).invoice(invoiceId, typed.with(errors)));
            }
            return write.apply(accountId, invoiceId(invoiceId))
                    .map(answer -> {
                        if (answer instanceof Response r && r.getStatus() >= 300) {
                            throw FormInput.replayed(json, r);
                        }
                        return done(accountId, notice, Tab.invoices);
                    })
                    .onFailure(AccountPage::refusalOnThisAccount)
                    .recoverWithUni(e -> {
                        ProblemException p = (ProblemException) e;
                        // also above the tab: the invoice's form may be on another page, or gone (no longer OPEN)
                        Uni<Response> refusal = Uni.createFrom()
                                .deferred(() -> refused(
                                        accountId,
                                        sentFrom(accountId, Tab.invoices),
                                        p.status(),
                                        State.of(null)
                                                .notice(Notice.REFUSED, p.getMessage())
                                                .invoice(invoiceId, typed.with(fieldErrors.apply(p)))));
                        if (already == null || p.status() != 409) {
                            return refusal;
                        }
                        return invoiceService
                                .get(page.distributorId(), accountId, invoiceId(invoiceId))
                                .map(already)
                                // the invoice unreadable now: the refusal, as it was
                                .onFailure()
                                .recoverWithItem((Notice) null)
                                .chain(as -> as == null
                                        ? refusal
                                        : Uni.createFrom().item(done(accountId, as, Tab.invoices)));
                    });
        }
    }

    /** A refusal's field errors; one naming no field shows its message on {@code field} instead. */
    private static Map<String, String> fieldErrorsOr(ProblemException p, String field) {
        Map<String, String> fieldErrors = FormInput.errors(p);
        return fieldErrors.containsKey("") ? Map.of(field, p.getMessage()) : fieldErrors;
    }

    /**
     * Every form of this page is answered through here: only an OPERATOR may send one (the 403
     * page) and the path must name an account (the 404 page), both before the form is read.
     */
    private Uni<Response> asOperator(String accountId, Function<UUID, Uni<Response>> handler) {
        if (!page.mayWrite()) {
            return forbidden();
        }
        return handler.apply(accountId(accountId));
    }

    /** Loads the account and the tab, then the view. */
    private Uni<View> view(UUID id, Query query, State state) {
        String d = page.distributorId();
        return accounts.get(d, id).chain(account -> {
            Paging paging = Paging.of(query.cursor(), query.trail());
            Form edit = state.edit() != null ? state.edit() : editForm(account);
            Uni<TabPage> shown = switch (query.tab()) {
                case holds ->
                    holdService
                            .list(d, id, null, Paging.PAGE_SIZE, query.cursor())
                            .map(p -> new TabPage(null, p.items(), List.of(), p.nextCursor(), false));
                case invoices -> {
                    Uni<TabPage> all = invoiceService
                            .list(d, id, null, null, Paging.PAGE_SIZE, query.cursor())
                            .map(p -> new TabPage(null, List.of(), p.items(), p.nextCursor(), false));
                    yield query.invoice() == null
                            ? all
                            // one invoice, as Cobrança links to it (it may be past the first page); not
                            // on this account: all of them
                            : invoiceService
                                    .get(d, id, query.invoice())
                                    .map(i -> new TabPage(null, List.of(), List.of(i), null, true))
                                    .onFailure(e ->
                                            e instanceof ProblemException p && "INVOICE_NOT_FOUND".equals(p.code()))
                                    .recoverWithUni(all);
                }
                case statement ->
                    statement(d, id, query)
                            .map(s -> new TabPage(s.statement(), List.of(), List.of(), s.nextCursor(), false));
            };
            return shown.map(t -> new View(
                    account,
                    Bar.of(account),
                    query.tab(),
                    state.notice(),
                    state.noticeDetail(),
                    edit,
                    state.holder(),
                    state.close(),
                    t.statement(),
                    t.holds(),
                    t.invoices(),
                    state.invoiceId(),
                    state.invoiceForm(),
                    t.nextCursor(),
                    paging,
                    page.mayWrite(),
                    t.oneInvoice()));
        });
    }

    /** What the tab shows: its statement, holds or invoices (the others empty) and the next page's cursor. */
    private record TabPage(
            Statement statement,
            List<HoldView> holds,
            List<InvoiceView> invoices,
            String nextCursor,
            boolean oneInvoice) {}

    private record StatementPage(Statement statement, String nextCursor) {}

    /** The statement for the filter ({@code to} inclusive: up to the next day's midnight in São Paulo). */
    private Uni<StatementPage> statement(String d, UUID id, Query query) {
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate from = date(query.from(), "from", errors);
        LocalDate to = date(query.to(), "to", errors);
        if (from != null && to != null && to.isBefore(from)) {
            errors.put("to", "must not be before from");
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom()
                    .item(new StatementPage(
                            new Statement(query.from(), query.to(), FormInput.inPagesLanguage(errors), List.of(), null),
                            null));
        }
        Instant fromInstant =
                from == null ? null : from.atStartOfDay(Formats.SAO_PAULO).toInstant();
        Instant toInstant = to == null
                ? null
                : to.plusDays(1).atStartOfDay(Formats.SAO_PAULO).toInstant();
        return accounts.statement(d, id, fromInstant, toInstant, Paging.PAGE_SIZE, query.cursor())
                .chain(s -> actorNames(d, s)
                        .map(names -> new StatementPage(
                                new Statement(
                                        query.from(),
                                        query.to(),
                                        Map.of(),
                                        s.items().stream()
                                                .map(e -> new Line(
                                                        e, ActorNames.label(e.actor(), names, page.msg()), detail(e)))
                                                .toList(),
                                        s.totals()),
                                s.nextCursor())));
    }

    /** Who wrote this page's entries, by actor: console users and API keys by name. */
    private Uni<Map<String, String>> actorNames(String d, StatementView s) {
        return actors.of(d, s.items().stream().map(StatementView.Entry::actor).toList());
    }

    /**
     * The entry's detail in the page's language: what the service wrote for the entry (the order,
     * the new expiry, a payment's reference; English in the API) in words, the tolerance and
     * due-date changes its reference records, then the reason people gave.
     */
    private String detail(StatementView.Entry e) {
        AccountPageMsg m = page.english() ? en : pt;
        String reason = e.reason() == null || e.reason().isBlank() ? null : e.reason();
        String reference = e.reference() == null ? "" : e.reference();
        String shown = null;
        switch (e.type()) {
            case TOLERANCE_CHANGED ->
                shown = change(reference, "tolerance:", raw -> Formats.percent(new BigDecimal(raw)))
                        .map(c -> c[0] + " → " + c[1])
                        .orElse(null);
            case INVOICE_POSTPONED ->
                shown = change(reference, " due ", raw -> Formats.date(LocalDate.parse(raw)))
                        .map(c -> m.detail_due(c[0], c[1]))
                        .orElse(null);
            case HOLD_PLACED, HOLD_ADJUSTED, HOLD_RELEASED, HOLD_EXPIRED, HOLD_CAPTURED -> {
                shown = reason == null ? null : holdReason(reason, m);
                reason = null;
            }
            case INVOICE_PAID -> {
                if (reason != null && reason.startsWith(PAYMENT)) {
                    shown = m.detail_reference(reason.substring(PAYMENT.length()));
                    reason = null;
                }
            }
            default -> {}
        }
        if (reason == null) {
            return shown == null ? "" : shown;
        }
        return shown == null ? reason : shown + " · " + reason;
    }

    private static final String ORDER = "order ";
    private static final String REST = "uncaptured rest of order ";
    private static final String EXPIRES = "; expires ";
    private static final String PAYMENT = "payment ";

    /** What the service writes on a hold's entries: "order X", "uncaptured rest of order X", "…; expires A -> B". */
    private static String holdReason(String reason, AccountPageMsg m) {
        if (reason.startsWith(REST)) {
            return m.detail_rest(reason.substring(REST.length()));
        }
        if (!reason.startsWith(ORDER)) {
            return reason;
        }
        String order = reason.substring(ORDER.length());
        int expires = order.lastIndexOf(EXPIRES);
        if (expires < 0) {
            return m.detail_order(order);
        }
        return change(order.substring(expires), EXPIRES, raw -> Formats.dateTime(Instant.parse(raw)))
                .map(c -> m.detail_order(order.substring(0, expires)) + "; " + m.detail_expiry(c[0], c[1]))
                .orElse(m.detail_order(order));
    }

    /** The two sides of {@code <marker><old>-><new>} (spaces around the arrow allowed) at the end of a text, formatted. */
    private static Optional<String[]> change(String text, String marker, Function<String, String> format) {
        int at = text.lastIndexOf(marker);
        if (at < 0) {
            return Optional.empty();
        }
        String[] parts = text.substring(at + marker.length()).split("->", 2);
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String[] {format.apply(parts[0].strip()), format.apply(parts[1].strip())});
        } catch (RuntimeException ex) {
            return Optional.empty();
        }
    }

    private static UUID uuidOrNull(String raw) {
        try {
            return raw == null || raw.isBlank() ? null : UUID.fromString(raw.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static LocalDate date(String raw, String field, Map<String, String> errors) {
        try {
            return FormInput.date(raw);
        } catch (DateTimeParseException e) {
            errors.put(field, "must be a date (2026-11-22 or 22/11/2026)");
            return null;
        }
    }

    private static Form editForm(AccountView a) {
        return Form.of(Map.of(
                "version",
                Long.toString(a.version()),
                "email",
                a.email(),
                "creditLimit",
                Formats.decimal(a.creditLimit()),
                "tolerance",
                Formats.percentValue(a.tolerance()),
                "reason",
                ""));
    }

    private Uni<Response> refused(UUID id, int status, State state) {
        return refused(id, sentFrom(id, null), status, state);
    }

    private Uni<Response> refused(UUID id, Query query, int status, State state) {
        return view(id, query, state)
                .map(v -> Response.status(status)
                        .entity(page.render(Templates.show(v, "accounts")))
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .build());
    }

    private Response done(UUID id, Notice notice, Tab tab) {
        String query = "?done=" + notice.name().toLowerCase(java.util.Locale.ROOT)
                + sentFrom(id, tab).params();
        return Response.seeOther(URI.create("/console/accounts/" + id + query)).build();
    }

    /**
     * The view a form was sent from — its tab, filter and page, read from the same-site Referer when
     * that is this account's page showing {@code tab} (any tab when null) — so that its answer comes
     * back there; else {@code tab}'s first page (the statement's when null).
     */
    private Query sentFrom(UUID id, Tab tab) {
        String from = PageContext.formPage(page.referer());
        String self = "/console/accounts/" + id;
        if (from.equals(self) || from.startsWith(self + "?")) {
            Query query = Query.parse(from.length() > self.length() ? from.substring(self.length() + 1) : "");
            if (tab == null || query.tab() == tab) {
                return query;
            }
        }
        return tab == null ? Query.FIRST : Query.tab(tab);
    }

    private Uni<Response> forbidden() {
        return Uni.createFrom().item(errorPages.forbidden());
    }

    /** A refusal to show on the page; the account itself not being found stays the 404 page. */
    private static boolean refusalOnThisAccount(Throwable e) {
        return e instanceof ProblemException p && !"CREDIT_ACCOUNT_NOT_FOUND".equals(p.code());
    }

    /** What is not a UUID names no account: the console's 404. */
    static UUID accountId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(
                    "CREDIT_ACCOUNT_NOT_FOUND", "no credit account " + raw + " in this distributor");
        }
    }

    /** What is not a UUID names no holder of the account. */
    static UUID holderId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("HOLDER_NOT_FOUND", "no holder " + raw + " on this account");
        }
    }

    /** What is not a UUID names no invoice of the account. */
    static UUID invoiceId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("INVOICE_NOT_FOUND", "no invoice " + raw + " on this account");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
