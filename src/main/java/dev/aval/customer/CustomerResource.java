package dev.aval.customer;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
import dev.aval.platform.QueryParams;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/customers")
@Tag(name = "Customers", description = "Customers and their status (PEN / APV / RPV).")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CustomerResource {

    private static final String DOCUMENT = "Formatted or not; a formatted CNPJ's '/' as %2F.";

    @Inject
    CustomerService service;

    @Inject
    CurrentCaller caller;

    @PUT
    @Path("/{document}")
    @Access(Permission.WRITE)
    @Operation(
            operationId = "registerCustomer",
            summary = "Register a customer (status PEN); an existing one is left unchanged")
    @APIResponse(
            responseCode = "200",
            description = "Already registered, unchanged",
            content = @Content(schema = @Schema(implementation = CustomerView.class)))
    @APIResponse(
            responseCode = "201",
            description = "Registered with status PEN",
            content = @Content(schema = @Schema(implementation = CustomerView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (document)")
    public Uni<RestResponse<CustomerView>> register(
            @PathParam("distributorId") String distributorId,
            @Parameter(description = DOCUMENT) @PathParam("document") String document,
            RegisterCustomerRequest request) {
        DocumentType type = request == null ? null : request.documentType();
        return service.register(
                        distributorId,
                        Document.parse(type, document),
                        caller.get().actor())
                .map(r -> r.created()
                        ? RestResponse.status(RestResponse.Status.CREATED, r.customer())
                        : RestResponse.ok(r.customer()));
    }

    @GET
    @Path("/{document}")
    @Access(Permission.READ)
    @Operation(operationId = "getCustomer", summary = "Get a customer and its status")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "CUSTOMER_NOT_FOUND: never integrated")
    public Uni<CustomerView> get(
            @PathParam("distributorId") String distributorId,
            @Parameter(description = DOCUMENT) @PathParam("document") String document,
            @Parameter(schema = @Schema(implementation = DocumentType.class)) @QueryParam("documentType")
                    String documentType) {
        return service.get(
                distributorId,
                Document.parse(QueryParams.enumOf(DocumentType.class, documentType, "documentType"), document));
    }

    @GET
    @Access(Permission.READ)
    @Operation(
            operationId = "listCustomers",
            summary = "List customers, optionally by status, in a stable cursor order")
    public Uni<Page<CustomerView>> list(
            @PathParam("distributorId") String distributorId,
            @Parameter(schema = @Schema(implementation = CustomerStatus.class)) @QueryParam("status") String status,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.list(distributorId, QueryParams.enumOf(CustomerStatus.class, status, "status"), limit, cursor);
    }

    @PUT
    @Path("/{document}/status")
    @Access(Permission.WRITE)
    @Operation(
            operationId = "changeCustomerStatus",
            summary = "Send a status decision; creates the customer when new",
            description = "An update whose occurredAt is older than the stored one is STALE and not applied.")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED")
    public Uni<StatusResultView> changeStatus(
            @PathParam("distributorId") String distributorId,
            @Parameter(description = DOCUMENT) @PathParam("document") String document,
            @Valid @NotNull StatusRequest request) {
        return service.changeStatus(
                distributorId,
                Document.parse(request.documentType(), document),
                request,
                caller.get().actor());
    }

    @POST
    @Path("/statuses")
    @Access(Permission.WRITE)
    @Operation(
            operationId = "changeCustomerStatuses",
            summary = "Send up to 1,000 status decisions; each item is applied or rejected on its own")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(
            responseCode = "413",
            description =
                    "PAYLOAD_TOO_LARGE: more than 1,000 items, or the body is over aval.http.max-json-body-size (default 4 MiB)")
    public Uni<BatchResultView> changeStatuses(
            @PathParam("distributorId") String distributorId, @Valid @NotNull BatchStatusRequest request) {
        return service.changeStatuses(
                distributorId, request.items(), caller.get().actor());
    }

    @GET
    @Path("/{document}/status-history")
    @Access(Permission.READ)
    @Operation(operationId = "listCustomerStatusHistory", summary = "A customer's status history, newest first")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "CUSTOMER_NOT_FOUND")
    public Uni<Page<StatusChangeView>> history(
            @PathParam("distributorId") String distributorId,
            @Parameter(description = DOCUMENT) @PathParam("document") String document,
            @Parameter(schema = @Schema(implementation = DocumentType.class)) @QueryParam("documentType")
                    String documentType,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.history(
                distributorId,
                Document.parse(QueryParams.enumOf(DocumentType.class, documentType, "documentType"), document),
                limit,
                cursor);
    }
}
