package dev.aval.credit;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.aval.platform.Access;
import dev.aval.platform.CurrentCaller;
import dev.aval.platform.Idempotency;
import dev.aval.platform.Page;
import dev.aval.platform.Permission;
import dev.aval.platform.QueryParams;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/credit-accounts/{accountId}/holds")
@Tag(name = "Holds", description = "Pre-authorisations of credit: place, capture into invoices, release.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HoldResource {

    @Inject
    HoldMetrics metrics;

    static final String KEY_DESCRIPTION = "Required. Same key + same body replays the first answer "
            + "(Idempotent-Replayed: true); kept at least 24 h per (distributor, method, path).";

    @Inject
    HoldService service;
    @Inject
    Idempotency idempotency;
    @Inject
    CurrentCaller caller;

    @POST
    @Access(Permission.HOLDS)
    @Operation(summary = "Place a hold (checkout): granted only if amount ≤ availableCreditWithTolerance")
    @APIResponse(responseCode = "201", description = "Placed", content = @Content(schema = @Schema(implementation = HoldView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (amount, orderId, expiresAt, Idempotency-Key)")
    @APIResponse(responseCode = "404", description = CreditAccountResource.NOT_FOUND)
    @APIResponse(responseCode = "409", description = "CREDIT_ACCOUNT_CLOSED; IDEMPOTENCY_KEY_IN_USE")
    @APIResponse(responseCode = "422", description = "CREDIT_INSUFFICIENT; CUSTOMER_NOT_APPROVED; IDEMPOTENCY_KEY_REUSED")
    public Uni<Response> place(@PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @Parameter(in = ParameterIn.HEADER, description = KEY_DESCRIPTION) @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull HoldRequest request, UriInfo uri) {
        String actor = caller.get().actor();
        return idempotency.runInTransaction(distributorId, "POST", uri.getPath(), key, request,
                connection -> service.place(connection, distributorId, AccountLocks.accountId(accountId), request, actor)
                        .invoke(h -> metrics.placed())
                        .onFailure().invoke(metrics::refused)
                        .map(h -> Response.status(Response.Status.CREATED).entity(h)
                                .header(HttpHeaders.LOCATION, uri.getPath() + "/" + h.id()).build()));
    }

    @GET
    @Access(Permission.READ)
    @Operation(summary = "List the account's holds, optionally by status")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = CreditAccountResource.NOT_FOUND)
    public Uni<Page<HoldView>> list(@PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @Parameter(schema = @Schema(implementation = HoldStatus.class)) @QueryParam("status") String status,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return service.list(distributorId, AccountLocks.accountId(accountId), QueryParams.enumOf(HoldStatus.class, status, "status"),
                limit, cursor);
    }

    @GET
    @Path("/{holdId}")
    @Access(Permission.READ)
    @Operation(summary = "Get a hold")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; HOLD_NOT_FOUND")
    public Uni<HoldView> get(@PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId, @PathParam("holdId") String holdId) {
        return service.get(distributorId, AccountLocks.accountId(accountId), holdId);
    }

    @POST
    @Path("/{holdId}/capture")
    @Access(Permission.HOLDS)
    @Operation(summary = "Capture all or part of a hold into 1–12 invoices; the rest is released")
    @APIResponse(responseCode = "200", description = "Captured", content = @Content(schema = @Schema(implementation = CaptureView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (amount, installments, firstDueInDays, Idempotency-Key)")
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; HOLD_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "HOLD_NOT_ACTIVE; IDEMPOTENCY_KEY_IN_USE")
    @APIResponse(responseCode = "422", description = "CAPTURE_EXCEEDS_HOLD; IDEMPOTENCY_KEY_REUSED")
    public Uni<Response> capture(@PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId, @PathParam("holdId") String holdId,
            @Parameter(in = ParameterIn.HEADER, description = KEY_DESCRIPTION) @HeaderParam(Idempotency.HEADER) String key,
            @Valid CaptureRequest request, UriInfo uri) {
        CaptureRequest body = request == null ? new CaptureRequest(null, null, null) : request;
        String actor = caller.get().actor();
        return idempotency.run(distributorId, "POST", uri.getPath(), key, body,
                () -> service.capture(distributorId, AccountLocks.accountId(accountId), holdId, body, actor)
                        .map(c -> Response.ok(c).build()));
    }

    @POST
    @Path("/{holdId}/release")
    @Access(Permission.HOLDS)
    @Operation(summary = "Release an active hold; releasing a RELEASED or EXPIRED one answers it as it is")
    @APIResponse(responseCode = "200", description = "Released (or already released/expired)",
            content = @Content(schema = @Schema(implementation = HoldView.class)))
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; HOLD_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "HOLD_NOT_ACTIVE: the hold was captured")
    public Uni<HoldView> release(@PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId, @PathParam("holdId") String holdId) {
        return service.release(distributorId, AccountLocks.accountId(accountId), holdId, caller.get().actor());
    }
}
