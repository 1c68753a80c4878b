package dev.aval.console;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.aval.credit.DistributorInvoiceView;
import dev.aval.credit.InvoiceService;
import dev.aval.credit.InvoiceStatus;
import dev.aval.platform.Document;
import dev.aval.platform.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Cobrança: the distributor's invoices across accounts, oldest due date first (so overdue first). */
@Path("/console/invoices")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class BillingPage {

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
            @QueryParam("trail") String trail) {
        String statusValue = status == null ? InvoiceStatus.OPEN.name() : status;
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
            from = date(dueFrom);
            errorField = "dueTo";
            to = date(dueTo);
            errorField = null;
        } catch (DateTimeParseException e) {
            error = FormInput.inPagesLanguage("must be a date like 2026-12-31");
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
        return invoices.search(
                        page.distributorId(),
                        invoiceStatus,
                        overdue ? Boolean.TRUE : null,
                        from,
                        to,
                        doc,
                        AccountsPage.PAGE_SIZE,
                        at)
                .map(found -> {
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

    private static LocalDate date(String typed) {
        return typed == null || typed.isBlank() ? null : LocalDate.parse(typed.strip());
    }
}
