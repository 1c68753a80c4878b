package dev.aval.console;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import dev.aval.credit.DistributorInvoiceView;
import dev.aval.credit.InvoiceService;
import dev.aval.credit.InvoiceStatus;
import dev.aval.platform.Document;
import dev.aval.platform.Page;
import dev.aval.platform.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * Cobrança: the distributor's invoices across accounts, overdue first: by default the OPEN ones,
 * oldest due date first (so the overdue lead); with every status, the overdue part and then the rest.
 */
@Path("/console/invoices")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class BillingPage {

    private static final String OVERDUE_PART = "O";
    private static final String OTHER_PART = "R";

    /** The filters as typed (status defaults to OPEN: what collections works on), and the page found. */
    public record Listing(
            String status,
            boolean overdue,
            String dueFrom,
            String dueTo,
            String document,
            String error,
            String errorField,
            List<DistributorInvoiceView> invoices,
            String nextCursor,
            Paging paging) {

        public List<InvoiceStatus> statuses() {
            return Arrays.asList(InvoiceStatus.values());
        }

        /** The query string of these filters, for the pager's links. */
        public String filters() {
            return "status=" + Formats.urlEncode(status) + (overdue ? "&overdue=true" : "") + "&dueFrom="
                    + Formats.urlEncode(dueFrom) + "&dueTo=" + Formats.urlEncode(dueTo) + "&document="
                    + Formats.urlEncode(document);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Listing listing, String nav);
    }

    @Inject
    InvoiceService invoices;

    @Inject
    PageContext page;

    @GET
    public Uni<TemplateInstance> list(
            @QueryParam("status") String status,
            @QueryParam("overdue") boolean overdue,
            @QueryParam("dueFrom") String dueFrom,
            @QueryParam("dueTo") String dueTo,
            @QueryParam("document") String document,
            @QueryParam("cursor") String cursor,
            @QueryParam("trail") String trail,
            @Context UriInfo uri) {
        // Quarkus REST reads "status=" (the "Todas" option) as null: only a missing status is the default OPEN
        String statusValue = status != null
                ? status
                : uri.getQueryParameters().containsKey("status") ? "" : InvoiceStatus.OPEN.name();
        InvoiceStatus invoiceStatus = null;
        Document doc = null;
        LocalDate from = null;
        LocalDate to = null;
        String error = null;
        String errorField = null;
        try {
            invoiceStatus = statusValue.isBlank() ? null : InvoiceStatus.valueOf(statusValue);
        } catch (IllegalArgumentException e) {
            statusValue = InvoiceStatus.OPEN.name();
            invoiceStatus = InvoiceStatus.OPEN;
        }
        try {
            errorField = "dueFrom";
            from = FormInput.date(dueFrom);
            errorField = "dueTo";
            to = FormInput.date(dueTo);
            errorField = null;
            if (from != null && to != null && to.isBefore(from)) {
                errorField = "dueTo";
                error = FormInput.inPagesLanguage("must not be before dueFrom");
            }
        } catch (DateTimeParseException e) {
            error = FormInput.inPagesLanguage("must be a date (2026-11-22 or 22/11/2026)");
        }
        DocumentQuery byDocument = document == null || document.isBlank() ? null : DocumentQuery.of(document.strip());
        if (error == null && byDocument != null) {
            doc = byDocument.document();
            if (doc == null) {
                error = byDocument.refusal();
                errorField = "document";
            }
        }
        String typedDocument = document == null ? "" : document.strip();
        String at = cursor == null || cursor.isBlank() ? null : cursor;
        Paging paging = Paging.of(at, trail);
        String s = statusValue;
        String f = dueFrom == null ? "" : dueFrom;
        String t = dueTo == null ? "" : dueTo;
        if (error != null) {
            return Uni.createFrom()
                    .item(page.render(Templates.list(
                            new Listing(s, overdue, f, t, typedDocument, error, errorField, List.of(), null, paging),
                            "billing")));
        }
        Uni<Page<DistributorInvoiceView>> listed = invoiceStatus == null && !overdue
                ? overdueFirst(page.distributorId(), from, to, doc, at)
                : invoices.search(
                        page.distributorId(),
                        invoiceStatus,
                        overdue ? Boolean.TRUE : null,
                        from,
                        to,
                        doc,
                        Paging.PAGE_SIZE,
                        at);
        return listed.map(found -> {
                    // an OTHER document not found: the text was more likely a mistyped CPF or CNPJ
                    boolean refused = byDocument != null
                            && byDocument.refusal() != null
                            && found.items().isEmpty();
                    return page.render(Templates.list(
                            refused
                                    ? new Listing(
                                            s,
                                            overdue,
                                            f,
                                            t,
                                            typedDocument,
                                            byDocument.refusal(),
                                            "document",
                                            List.of(),
                                            null,
                                            paging)
                                    : new Listing(
                                            s,
                                            overdue,
                                            f,
                                            t,
                                            typedDocument,
                                            null,
                                            null,
                                            found.items(),
                                            found.nextCursor(),
                                            paging),
                            "billing"));
                })
                .onFailure(ProblemException.class)
                .recoverWithItem(e -> {
                    Map.Entry<String, String> refusal = FormInput.errors((ProblemException) e)
                            .entrySet()
                            .iterator()
                            .next();
                    return page.render(Templates.list(
                            new Listing(
                                    s,
                                    overdue,
                                    f,
                                    t,
                                    typedDocument,
                                    refusal.getValue(),
                                    refusal.getKey(),
                                    List.of(),
                                    null,
                                    paging),
                            "billing"));
                });
    }

    /**
     * Every status: the overdue invoices first, then all the others, each part oldest due date first
     * (the API's order is by due date alone, which would put long-paid invoices before the overdue
     * ones). The page's cursor is the API's cursor of the part it continues, prefixed with
     * {@value #OVERDUE_PART} or {@value #OTHER_PART}; a page that ends the overdue part is filled
     * from the others.
     */
    private Uni<Page<DistributorInvoiceView>> overdueFirst(
            String distributorId, LocalDate from, LocalDate to, Document doc, String cursor) {
        String part = cursor == null ? OVERDUE_PART : cursor.substring(0, 1);
        String at = cursor == null || cursor.length() == 1 ? null : cursor.substring(1);
        if (part.equals(OTHER_PART)) {
            return others(distributorId, from, to, doc, at, List.of(), Paging.PAGE_SIZE);
        }
        if (!part.equals(OVERDUE_PART)) {
            throw ProblemException.validation("cursor", "is not a cursor returned by this list");
        }
        return invoices.search(distributorId, null, Boolean.TRUE, from, to, doc, Paging.PAGE_SIZE, at)
                .chain(overdue -> overdue.nextCursor() != null
                        ? Uni.createFrom().item(new Page<>(overdue.items(), OVERDUE_PART + overdue.nextCursor()))
                        : others(
                                distributorId,
                                from,
                                to,
                                doc,
                                null,
                                overdue.items(),
                                Paging.PAGE_SIZE - overdue.items().size()));
    }

    /** The invoices that are not overdue after {@code at}, appended to {@code before} up to {@code room}. */
    private Uni<Page<DistributorInvoiceView>> others(
            String distributorId,
            LocalDate from,
            LocalDate to,
            Document doc,
            String at,
            List<DistributorInvoiceView> before,
            int room) {
        // with no room left, one row is still read: it tells whether a next page exists
        return invoices.search(distributorId, null, Boolean.FALSE, from, to, doc, Math.max(room, 1), at)
                .map(rest -> {
                    if (room == 0) {
                        return new Page<>(before, rest.items().isEmpty() ? null : OTHER_PART);
                    }
                    List<DistributorInvoiceView> items = new ArrayList<>(before);
                    items.addAll(rest.items());
                    return new Page<>(items, rest.nextCursor() == null ? null : OTHER_PART + rest.nextCursor());
                });
    }
}
