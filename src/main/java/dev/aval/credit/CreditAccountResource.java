package dev.aval.credit;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.aval.platform.Access;
import dev.aval.platform.CurrentCaller;
import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.Page;
import dev.aval.platform.Permission;
import dev.aval.platform.Problem;
import dev.aval.platform.ProblemException;
import dev.aval.platform.QueryParams;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/credit-accounts")
@Tag(name = "Credit accounts", description = "Credit accounts, their holders, balances and statement.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CreditAccountResource {

    static final String NOT_FOUND = "CREDIT_ACCOUNT_NOT_FOUND (also when it belongs to another distributor)";

    @Inject
    CreditAccountService service;

    @Inject
    CurrentCaller caller;

    @POST
    @Access(Permission.WRITE)
    @Operation(operationId = "openCreditAccount", summary = "Open a credit account for a document")
    @APIResponse(
            responseCode = "201",
            description = "Opened; Location and ETag set",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (document, email, creditLimit, tolerance)")
    @APIResponse(responseCode = "409", description = "CREDIT_ACCOUNT_EXISTS: the document already has an OPEN account")
    public Uni<RestResponse<AccountView>> open(
            @PathParam("distributorId") String distributorId, @Valid @NotNull OpenAccountRequest request) {
        return service.open(distributorId, request, caller.get().actor())
                .map(a -> RestResponse.ResponseBuilder.<AccountView>create(RestResponse.Status.CREATED, a)
                        .header(
                                HttpHeaders.LOCATION,
                                "/v1/distributors/" + distributorId + "/credit-accounts/" + a.id())
                        .header(HttpHeaders.ETAG, a.etag())
                        .build());
    }

    @GET
    @Path("/{accountId}")
    @Access(Permission.READ)
    @Operation(operationId = "getCreditAccount", summary = "Get an account and its balances")
    @APIResponse(
            responseCode = "200",
            description = "The account; ETag set",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Uni<RestResponse<AccountView>> get(
            @PathParam("distributorId") String distributorId, @PathParam("accountId") String accountId) {
        return service.get(distributorId, AccountLockQuery.accountId(accountId)).map(CreditAccountResource::withEtag);
    }

    @GET
    @Access(Permission.READ)
    @Operation(
            operationId = "listCreditAccounts",
            summary = "Search accounts by document, email (the account's or a holder's) and status")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (document, status, limit, cursor)")
    public Uni<Page<AccountView>> search(
            @PathParam("distributorId") String distributorId,
            @Parameter(description = "Formatted or not.") @QueryParam("document") String document,
            @Parameter(schema = @Schema(implementation = DocumentType.class)) @QueryParam("documentType")
                    String documentType,
            @Parameter(description = "Case-insensitive.") @QueryParam("email") String email,
            @Parameter(schema = @Schema(implementation = AccountStatus.class)) @QueryParam("status") String status,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        DocumentType type = QueryParams.enumOf(DocumentType.class, documentType, "documentType");
        Document doc = document == null || document.isBlank() ? null : Document.parse(type, document);
        return service.search(
                distributorId, doc, email, QueryParams.enumOf(AccountStatus.class, status, "status"), limit, cursor);
    }

    @PATCH
    @Path("/{accountId}")
    @Access(Permission.WRITE)
    @Operation(
            operationId = "updateCreditAccount",
            summary = "Change email, document, limit or tolerance; omitted fields are untouched")
    @APIResponse(
            responseCode = "200",
            description = "The account with its new ETag",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(
            responseCode = "409",
            description = "CREDIT_ACCOUNT_CLOSED; CREDIT_ACCOUNT_EXISTS (the new document has an OPEN account)")
    @APIResponse(responseCode = "412", description = "VERSION_MISMATCH: If-Match is not the current ETag")
    public Uni<RestResponse<AccountView>> patch(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @Parameter(description = "Optional: the ETag read before") @HeaderParam(HttpHeaders.IF_MATCH)
                    String ifMatch,
            @Valid @NotNull PatchAccountRequest request) {
        return service.patch(
                        distributorId,
                        AccountLockQuery.accountId(accountId),
                        ifMatch,
                        request,
                        caller.get().actor())
                .map(CreditAccountResource::withEtag);
    }

    @POST
    @Path("/{accountId}/close")
    @Access(Permission.WRITE)
    @Operation(operationId = "closeCreditAccount", summary = "Close an account (open invoices stay payable)")
    @APIResponse(
            responseCode = "200",
            description = "The account, CLOSED",
            content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(
            responseCode = "409",
            description = "CREDIT_ACCOUNT_HAS_ACTIVE_HOLDS; CREDIT_ACCOUNT_CLOSED (already closed)")
    public Uni<RestResponse<AccountView>> close(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @Valid ReasonRequest request) {
        return service.close(
                        distributorId,
                        AccountLockQuery.accountId(accountId),
                        request == null ? null : request.reason(),
                        caller.get().actor())
                .map(CreditAccountResource::withEtag);
    }

    @POST
    @Path("/{accountId}/holders")
    @Access(Permission.WRITE)
    @Operation(operationId = "addCreditAccountHolder", summary = "Add an email that may use the account's credit")
    @APIResponse(
            responseCode = "201",
            description = "Added",
            content = @Content(schema = @Schema(implementation = HolderView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "HOLDER_EXISTS; CREDIT_ACCOUNT_CLOSED")
    public Uni<RestResponse<HolderView>> addHolder(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @Valid @NotNull HolderRequest request) {
        return service.addHolder(
                        distributorId,
                        AccountLockQuery.accountId(accountId),
                        request.email(),
                        caller.get().actor())
                .map(h -> RestResponse.status(RestResponse.Status.CREATED, h));
    }

    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body but a problem: any Accept of them
    @DELETE
    @Path("/{accountId}/holders/{holderId}")
    @Access(Permission.WRITE)
    @Operation(operationId = "removeCreditAccountHolder", summary = "Remove a holder")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; HOLDER_NOT_FOUND")
    public Uni<Void> removeHolder(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @PathParam("holderId") String holderId) {
        return service.removeHolder(
                distributorId,
                AccountLockQuery.accountId(accountId),
                java.util.UUID.fromString(holderId),
                caller.get().actor());
    }

    @GET
    @Path("/{accountId}/statement")
    @Access(Permission.READ)
    @Operation(
            operationId = "getCreditAccountStatement",
            summary = "The account's statement, oldest first, with totals for the range",
            description = "from inclusive, to exclusive: ISO-8601 instants, or dates (midnight in America/Sao_Paulo).")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (from, to, limit, cursor)")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public Uni<StatementView> statement(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        java.time.Instant fromInstant = QueryParams.instantOrDate(from, "from", SaoPauloCalendar.ZONE);
        java.time.Instant toInstant = QueryParams.instantOrDate(to, "to", SaoPauloCalendar.ZONE);
        if (fromInstant != null && toInstant != null && !toInstant.isAfter(fromInstant)) {
            throw ProblemException.validation("to", "must be after from");
        }
        return service.statement(
                distributorId, AccountLockQuery.accountId(accountId), fromInstant, toInstant, limit, cursor);
    }

    static RestResponse<AccountView> withEtag(AccountView a) {
        return RestResponse.ResponseBuilder.ok(a)
                .header(HttpHeaders.ETAG, a.etag())
                .build();
    }
}
