package dev.aval.console;

import java.math.BigDecimal;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import dev.aval.credit.AccountStatus;
import dev.aval.credit.AccountView;
import dev.aval.credit.CreditAccountService;
import dev.aval.credit.OpenAccountRequest;
import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.Page;
import dev.aval.platform.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/** Contas (the home: search, filter, pages) and NOVO (open one account, the seed's form). */
@Path("/console/accounts")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class AccountsPage {

    /**
     * What the list shows: the query as typed, the page, and the cursors to move by; {@code newFor}:
     * the CPF or CNPJ searched for that has no account, which NOVO is offered for (null otherwise).
     */
    public record Listing(
            String q,
            String status,
            String searchError,
            List<AccountView> accounts,
            String nextCursor,
            Paging paging,
            String newFor) {

        public List<AccountStatus> statuses() {
            return Arrays.asList(AccountStatus.values());
        }
    }

    /** The NOVO form as typed, with its errors by field ({@code ""}: not about one field). */
    public record NewAccountForm(
            String documentType,
            String document,
            String email,
            String creditLimit,
            String tolerance,
            Map<String, String> errors,
            UUID existing) {

        static NewAccountForm empty() {
            return new NewAccountForm("", "", "", "", "", Map.of(), null);
        }

        /** The form with the CPF or CNPJ Contas found no account for (a link's); else empty. */
        static NewAccountForm forDocument(String document) {
            if (document == null || document.length() > 32) {
                return empty();
            }
            try {
                Document parsed = Document.parse(null, document);
                return new NewAccountForm("", Formats.doc(parsed.value()), "", "", "", Map.of(), null);
            } catch (ProblemException notCpfOrCnpj) {
                return empty();
            }
        }

        public List<DocumentType> documentTypes() {
            return Arrays.asList(DocumentType.values());
        }

        public String error(String field) {
            return errors.get(field);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Listing listing, String nav);

        static native TemplateInstance create(NewAccountForm form, String nav);
    }

    @Inject
    CreditAccountService accounts;

    @Inject
    PageContext page;

    @Inject
    ErrorPages errorPages;

    @Inject
    Validator validator;

    @GET
    public Uni<TemplateInstance> list(
            @QueryParam("q") String q,
            @QueryParam("status") String status,
            @QueryParam("cursor") String cursor,
            @QueryParam("trail") String trail) {
        String query = q == null ? "" : q.strip();
        String email = query.contains("@") ? query : null;
        DocumentQuery byDocument = email == null && !query.isEmpty() ? DocumentQuery.of(query) : null;
        AccountStatus accountStatus = parseStatus(status);
        String statusValue = accountStatus == null ? "" : accountStatus.name();
        if (byDocument != null && byDocument.document() == null) {
            return Uni.createFrom().item(refused(query, statusValue, byDocument.refusal()));
        }
        String at = cursor == null || cursor.isBlank() ? null : cursor;
        return accounts.search(
                        page.distributorId(),
                        byDocument == null ? null : byDocument.document(),
                        email,
                        accountStatus,
                        Paging.PAGE_SIZE,
                        at)
                .map(found -> byDocument != null
                                && byDocument.refusal() != null
                                && found.items().isEmpty()
                        ? refused(query, statusValue, byDocument.refusal())
                        : page.render(Templates.list(
                                listing(query, statusValue, found, at, trail, newFor(byDocument, accountStatus, found)),
                                "accounts")));
    }

    /** The search refused: why the text is not a document (no account of type OTHER has it either). */
    private TemplateInstance refused(String query, String status, String why) {
        return page.render(Templates.list(
                new Listing(query, status, why, List.of(), null, Paging.of(null, null), null), "accounts"));
    }

    @GET
    @Path("/new")
    public Response newForm(@QueryParam("document") String document) {
        if (!page.mayWrite()) {
            return errorPages.forbidden();
        }
        return Response.ok(page.render(Templates.create(NewAccountForm.forDocument(document), "accounts")))
                .build();
    }

    @POST
    @Path("/new")
    public Uni<Response> create(
            @RestForm String documentType,
            @RestForm String document,
            @RestForm String email,
            @RestForm String creditLimit,
            @RestForm String tolerance) {
        if (!page.mayWrite()) {
            return Uni.createFrom().item(errorPages.forbidden());
        }
        NewAccountForm typed = new NewAccountForm(
                nz(documentType), nz(document), nz(email), nz(creditLimit), nz(tolerance), Map.of(), null);
        Map<String, String> errors = new LinkedHashMap<>();
        BigDecimal limit = null;
        BigDecimal fraction = null;
        try {
            limit = FormInput.money(creditLimit);
        } catch (NumberFormatException e) {
            errors.put("creditLimit", "must be a number, like 1.234,56");
        }
        try {
            fraction = FormInput.percent(tolerance);
        } catch (NumberFormatException e) {
            errors.put("tolerance", "must be a percentage, like 10 or 12,5");
        }
        DocumentType type = null;
        if (documentType != null && !documentType.isBlank()) {
            try {
                type = DocumentType.valueOf(documentType);
            } catch (IllegalArgumentException e) {
                errors.put("documentType", "must be one of " + Arrays.toString(DocumentType.values()));
            }
        }
        if (document != null && !document.isBlank()) {
            try {
                Document.parse(type, document.strip());
            } catch (ProblemException e) {
                FormInput.errors(e)
                        .forEach((field, message) -> errors.putIfAbsent(field.isEmpty() ? "document" : field, message));
            }
        }
        OpenAccountRequest request = new OpenAccountRequest(
                type, nz(document).strip(), nz(email).strip(), limit, fraction == null ? BigDecimal.ZERO : fraction);
        FormInput.errors(validator.validate(request)).forEach(errors::putIfAbsent);
        FormInput.inPercent(errors, fraction);
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(invalid(typed, errors));
        }
        return accounts.open(page.distributorId(), request, page.actor())
                .map(opened -> Response.seeOther(URI.create("/console/accounts/" + opened.id() + "?created=true"))
                        .build())
                .onFailure(ProblemException.class)
                .recoverWithUni(e -> {
                    ProblemException p = (ProblemException) e;
                    if (!"CREDIT_ACCOUNT_EXISTS".equals(p.code())) {
                        return Uni.createFrom().item(invalid(typed, FormInput.errors(p), null));
                    }
                    // the API masks the document it names; here it is the one just typed, next to it, with
                    // a link to that account (what the analyst wants next)
                    Document typedDocument = Document.parse(request.documentType(), request.document());
                    return accounts.search(page.distributorId(), typedDocument, null, AccountStatus.OPEN, 1, null)
                            .map(found -> invalid(
                                    typed,
                                    Map.of(
                                            "document",
                                            "an OPEN credit account already exists for this document; close it first"),
                                    found.items().isEmpty()
                                            ? null
                                            : found.items().get(0).id()));
                });
    }

    private Response invalid(NewAccountForm typed, Map<String, String> errors) {
        return invalid(typed, errors, null);
    }

    private Response invalid(NewAccountForm typed, Map<String, String> errors, UUID existing) {
        NewAccountForm form = new NewAccountForm(
                typed.documentType(),
                typed.document(),
                typed.email(),
                typed.creditLimit(),
                typed.tolerance(),
                FormInput.inPagesLanguage(errors),
                existing);
        return Response.status(400)
                .entity(page.render(Templates.create(form, "accounts")))
                .build();
    }

    /** The CPF or CNPJ searched when nothing was found and this user may open an account for it. */
    private String newFor(DocumentQuery byDocument, AccountStatus status, Page<AccountView> found) {
        boolean cpfOrCnpj = byDocument != null && byDocument.refusal() == null;
        // under a filter for closed accounts, an open one may well exist: nothing to offer
        boolean anyOpen = status == null || status == AccountStatus.OPEN;
        return cpfOrCnpj && anyOpen && found.items().isEmpty() && page.mayWrite()
                ? byDocument.document().value()
                : null;
    }

    private static Listing listing(
            String q, String status, Page<AccountView> found, String cursor, String trail, String newFor) {
        Paging paging = Paging.of(cursor, trail);
        return new Listing(q, status, null, found.items(), found.nextCursor(), paging, newFor);
    }

    private static AccountStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return AccountStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
