package dev.aval.console;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import dev.aval.customer.CustomerService;
import dev.aval.customer.CustomerStatus;
import dev.aval.customer.CustomerView;
import dev.aval.customer.Outcome;
import dev.aval.customer.StatusChangeView;
import dev.aval.customer.StatusRequest;
import dev.aval.eligibility.EligibilityRequest;
import dev.aval.eligibility.EligibilityService;
import dev.aval.eligibility.EligibilityView;
import dev.aval.eligibility.Messages;
import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.Page;
import dev.aval.platform.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.qute.i18n.Localized;
import io.smallrye.mutiny.Uni;

/**
 * Clientes: look a customer up by document (status, history, what eligibility would answer; an
 * OPERATOR changes the status), and the customers of one status, 50 per page.
 */
@Path("/console/customers")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class CustomersPage {

    static final int MAX_REASON = 500;
    private static final int MAX_EMAIL = 254;

    /** The look-up form as typed, with its error, and the list of one status (or all). */
    public record Listing(
            String document,
            String documentType,
            String documentError,
            String status,
            List<CustomerView> customers,
            String nextCursor,
            Paging paging) {

        public List<CustomerStatus> statuses() {
            return Arrays.asList(CustomerStatus.values());
        }

        public List<DocumentType> documentTypes() {
            return Arrays.asList(DocumentType.values());
        }
    }

    /**
     * One customer — or a document never integrated ({@code customer} null: PEN, unregistered) —
     * its history page, the eligibility preview and the status form.
     */
    public record Detail(
            Document document,
            CustomerView customer,
            List<HistoryRow> history,
            String nextCursor,
            Paging paging,
            Preview preview,
            StatusForm change,
            Outcome outcome) {

        public CustomerStatus status() {
            return customer == null ? CustomerStatus.PEN : customer.status();
        }

        public boolean registered() {
            return customer != null;
        }

        /** The page's own path, normalised. */
        public String path() {
            return "/console/customers/" + document.value();
        }

        /** {@code OTHER} for a foreign document (its type cannot be told from its length), else empty. */
        public String typeParam() {
            return document.type() == DocumentType.OTHER ? DocumentType.OTHER.name() : "";
        }

        public List<CustomerStatus> statuses() {
            return Arrays.asList(CustomerStatus.values());
        }

        /** The eligibility question typed on this page, for the history pager's links to keep it. */
        public String previewQuery() {
            return CustomersPage.previewQuery(preview.email(), preview.cartTotal());
        }

        /** The status the form shows selected: as typed, else the current one. */
        public String selectedStatus() {
            return change.status().isEmpty() ? status().name() : change.status();
        }
    }

    /** A history row with its author as people know it. */
    public record HistoryRow(
            CustomerStatus from,
            CustomerStatus to,
            String reason,
            Instant occurredAt,
            Instant recordedAt,
            String actor,
            ActorNames.Actor who) {}

    /** The eligibility question as typed and its answer (null when the form has errors). */
    public record Preview(String email, String cartTotal, Map<String, String> errors, EligibilityView answer) {

        public String error(String field) {
            return errors.get(field);
        }
    }

    /** The status form as typed, with its errors by field. */
    public record StatusForm(String status, String reason, Map<String, String> errors) {

        public String error(String field) {
            return errors.get(field);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Listing listing, String nav);

        static native TemplateInstance detail(Detail detail, String nav);
    }

    @Inject
    CustomerService customers;

    @Inject
    EligibilityService eligibility;

    @Inject
    ActorNames actors;

    @Inject
    PageContext page;

    @Inject
    ErrorPages errorPages;

    @Inject
    CustomersMsg pt;

    @Inject
    @Localized("en")
    CustomersMsg en;

    /** The look-up (a valid document opens its page) and the list by status. */
    @GET
    public Uni<Response> list(
            @QueryParam("document") String document,
            @QueryParam("documentType") String documentType,
            @QueryParam("status") String status,
            @QueryParam("cursor") String cursor,
            @QueryParam("trail") String trail) {
        String typed = document == null ? "" : document.strip();
        String typeValue = documentType(documentType) == null ? "" : documentType;
        String documentError = null;
        if (!typed.isEmpty()) {
            Lookup found = lookup(typed, documentType(documentType));
            if (found.document() != null) {
                return Uni.createFrom()
                        .item(Response.seeOther(URI.create(path(found.document())))
                                .build());
            }
            documentError = found.error();
        }
        return listing(typed, typeValue, documentError, status, cursor, trail)
                .map(listing -> Response.ok(page.render(Templates.list(listing, "customers")))
                        .build());
    }

    @GET
    @Path("/{document}")
    public Uni<Response> detail(
            @PathParam("document") String document,
            @QueryParam("documentType") String documentType,
            @QueryParam("email") String email,
            @QueryParam("cartTotal") String cartTotal,
            @QueryParam("cursor") String cursor,
            @QueryParam("trail") String trail,
            @QueryParam("outcome") String outcome) {
        Lookup lookup = lookup(document, documentType(documentType));
        Document parsed = lookup.document();
        if (parsed == null) {
            return notADocument(document, documentType, lookup.error());
        }
        if (!parsed.value().equals(document)) {
            return Uni.createFrom()
                    .item(Response.seeOther(URI.create(path(parsed))).build());
        }
        StatusForm change = new StatusForm("", "", Map.of());
        return detail(parsed, email, cartTotal, cursor, trail, change, outcome(outcome))
                .map(d -> Response.ok(page.render(Templates.detail(d, "customers")))
                        .build());
    }

    /** OPERATOR: the same status change as the API's, signed by the user; the outcome shown after the redirect. */
    @POST
    @Path("/{document}/status")
    public Uni<Response> changeStatus(
            @PathParam("document") String document,
            @RestForm String documentType,
            @RestForm String status,
            @RestForm String reason,
            @RestForm String email,
            @RestForm String cartTotal) {
        if (!page.mayWrite()) {
            return Uni.createFrom().item(errorPages.forbidden());
        }
        Lookup lookup = lookup(document, documentType(documentType));
        Document parsed = lookup.document();
        if (parsed == null) {
            return notADocument(document, documentType, lookup.error());
        }
        String typedReason = reason == null ? "" : reason.strip();
        Map<String, String> errors = new LinkedHashMap<>();
        CustomerStatus target = null;
        try {
            target = status == null || status.isBlank() ? null : CustomerStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (target == null) {
            errors.put("status", msg().status_required());
        }
        if (typedReason.length() > MAX_REASON) {
            errors.put("reason", msg().reason_too_long(typedReason.length()));
        }
        StatusForm typed = new StatusForm(status == null ? "" : status, typedReason, errors);
        if (!errors.isEmpty()) {
            return invalid(parsed, typed, email, cartTotal);
        }
        StatusRequest request =
                new StatusRequest(target, typedReason.isEmpty() ? null : typedReason, null, parsed.type());
        return customers
                .changeStatus(page.distributorId(), parsed, request, page.actor())
                // the eligibility question stays asked: its answer after the change is what the analyst checks
                .map(result -> Response.seeOther(URI.create(
                                path(parsed, "outcome=" + result.outcome().name() + previewQuery(email, cartTotal))))
                        .build())
                .onFailure(ProblemException.class)
                .recoverWithUni(e -> {
                    Map<String, String> refused = FormInput.errors((ProblemException) e);
                    return invalid(parsed, new StatusForm(typed.status(), typed.reason(), refused), email, cartTotal);
                });
    }

    private Uni<Response> invalid(Document document, StatusForm form, String email, String cartTotal) {
        return detail(document, email, cartTotal, null, null, form, null)
                .map(d -> Response.status(400)
                        .entity(page.render(Templates.detail(d, "customers")))
                        .build());
    }

    /** An unreadable document in the URL: the look-up form with the reason next to the field. */
    private Uni<Response> notADocument(String document, String documentType, String error) {
        String type = documentType(documentType) == null ? "" : documentType;
        return listing(document, type, error, null, null, null)
                .map(listing -> Response.status(400)
                        .entity(page.render(Templates.list(listing, "customers")))
                        .build());
    }

    private Uni<Listing> listing(
            String document, String documentType, String documentError, String status, String cursor, String trail) {
        CustomerStatus filter = statusFilter(status);
        String at = cursor == null || cursor.isBlank() ? null : cursor;
        return customers
                .list(page.distributorId(), filter, Paging.PAGE_SIZE, at)
                .map(found -> new Listing(
                        document,
                        documentType,
                        documentError,
                        filter == null ? "" : filter.name(),
                        found.items(),
                        found.nextCursor(),
                        Paging.of(at, trail)));
    }

    /** The customer (or none), its history with authors named, then eligibility's answer: one after the other. */
    private Uni<Detail> detail(
            Document document,
            String email,
            String cartTotal,
            String cursor,
            String trail,
            StatusForm change,
            Outcome outcome) {
        String distributorId = page.distributorId();
        String at = cursor == null || cursor.isBlank() ? null : cursor;
        return customers
                .get(distributorId, document)
                .onFailure(ProblemException.class)
                .recoverWithUni(e -> notFound(e)
                        ? Uni.createFrom().nullItem()
                        : Uni.createFrom().failure(e))
                .chain(customer -> {
                    Uni<Page<StatusChangeView>> history = customer == null
                            ? Uni.createFrom().item(new Page<>(List.of(), null))
                            : customers.history(distributorId, document, Paging.PAGE_SIZE, at);
                    return history.chain(h -> actors.of(
                                    distributorId,
                                    h.items().stream()
                                            .map(StatusChangeView::actor)
                                            .toList())
                            .map(names -> new Detail(
                                    document,
                                    customer,
                                    rows(h.items(), names),
                                    h.nextCursor(),
                                    Paging.of(at, trail),
                                    null,
                                    change,
                                    outcome)));
                })
                .chain(d -> preview(document, email, cartTotal)
                        .map(p -> new Detail(
                                d.document(),
                                d.customer(),
                                d.history(),
                                d.nextCursor(),
                                d.paging(),
                                p,
                                d.change(),
                                d.outcome())));
    }

    /** What the checkout would hear for this email and cart total (default 0), in the page's language. */
    private Uni<Preview> preview(Document document, String email, String cartTotal) {
        String typedEmail = email == null ? "" : email.strip();
        String typedTotal = cartTotal == null || cartTotal.isBlank() ? "0,00" : cartTotal.strip();
        Map<String, String> errors = new LinkedHashMap<>();
        BigDecimal total = null;
        try {
            total = FormInput.money(typedTotal);
        } catch (IllegalArgumentException e) {
            errors.put("cartTotal", msg().cart_number());
        }
        if (total != null && total.signum() < 0) {
            errors.put("cartTotal", msg().cart_negative());
        } else if (total != null && total.stripTrailingZeros().scale() > 2) {
            errors.put("cartTotal", msg().cart_decimals());
        }
        if (typedEmail.length() > MAX_EMAIL) {
            errors.put("email", msg().email_too_long());
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(new Preview(typedEmail, typedTotal, errors, null));
        }
        EligibilityRequest request = new EligibilityRequest(
                document.value(), document.type(), typedEmail.isEmpty() ? null : typedEmail, total, null);
        Messages.Language language = page.english() ? Messages.Language.EN : Messages.Language.PT;
        Uni<EligibilityView> answer;
        try {
            answer = eligibility.preview(page.distributorId(), request, language);
        } catch (ProblemException e) {
            answer = Uni.createFrom().failure(e);
        }
        return answer.map(a -> new Preview(typedEmail, typedTotal, Map.of(), a))
                .onFailure(ProblemException.class)
                .recoverWithItem(
                        e -> new Preview(typedEmail, typedTotal, FormInput.errors((ProblemException) e), null));
    }

    private List<HistoryRow> rows(List<StatusChangeView> changes, Map<String, String> names) {
        List<HistoryRow> rows = new ArrayList<>(changes.size());
        for (StatusChangeView c : changes) {
            rows.add(new HistoryRow(
                    c.from(),
                    c.to(),
                    c.reason(),
                    c.occurredAt(),
                    c.recordedAt(),
                    c.actor(),
                    ActorNames.label(c.actor(), names, page.msg())));
        }
        return rows;
    }

    private CustomersMsg msg() {
        return page.english() ? en : pt;
    }

    /** The typed text read as a document, or why it is not one in the page's language. */
    private record Lookup(Document document, String error) {}

    private Lookup lookup(String typed, DocumentType type) {
        try {
            return new Lookup(Document.parse(type, typed), null);
        } catch (ProblemException e) {
            return new Lookup(
                    null,
                    switch (e.toProblem().errors().get(0).message()) {
                        case Document.BLANK -> msg().document_blank();
                        case Document.NEITHER -> msg().document_length();
                        case Document.CPF_SHAPE -> msg().document_cpf_shape();
                        case Document.CPF_INVALID -> msg().document_cpf();
                        case Document.CNPJ_SHAPE -> msg().document_cnpj_shape();
                        case Document.CNPJ_INVALID -> msg().document_cnpj();
                        default -> msg().document_other();
                    });
        }
    }

    private static boolean notFound(Throwable e) {
        return e instanceof ProblemException p && p.status() == 404 && "CUSTOMER_NOT_FOUND".equals(p.code());
    }

    static String path(Document document) {
        return path(document, null);
    }

    /** {@code &email=…&cartTotal=…} for the eligibility question typed, so that a link or redirect keeps it. */
    static String previewQuery(String email, String cartTotal) {
        String e = email == null ? "" : email.strip();
        String t = cartTotal == null ? "" : cartTotal.strip();
        return (e.isEmpty() ? "" : "&email=" + Formats.urlEncode(e))
                + (t.isEmpty() ? "" : "&cartTotal=" + Formats.urlEncode(t));
    }

    /** The customer's page, with the type when it is OTHER and the extra query parameter, if any. */
    static String path(Document document, String query) {
        String base = "/console/customers/" + document.value();
        List<String> params = new ArrayList<>(2);
        if (document.type() == DocumentType.OTHER) {
            params.add("documentType=OTHER");
        }
        if (query != null) {
            params.add(query);
        }
        return params.isEmpty() ? base : base + "?" + String.join("&", params);
    }

    private static DocumentType documentType(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return DocumentType.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static CustomerStatus statusFilter(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return CustomerStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Outcome outcome(String outcome) {
        if (outcome == null) {
            return null;
        }
        try {
            Outcome o = Outcome.valueOf(outcome);
            return o == Outcome.REJECTED ? null : o;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
