package dev.aval.credit;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.aval.platform.Access;
import dev.aval.platform.CurrentCaller;
import dev.aval.platform.Page;
import dev.aval.platform.Permission;
import dev.aval.platform.QueryParams;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/credit-accounts/{accountId}/holds")
@Tag(name = "Holds", description = "Pre-authorisations of credit: place, adjust, capture into invoices, release.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class HoldResource {

    @Inject
    HoldService service;

    @Inject
    CurrentCaller caller;

    @POST
    @Access(Permission.HOLDS)
    @Operation(
            operationId = "placeHold",
            summary =
                    "Place a hold (checkout): granted only if every credit rule passes and amount ≤ availableCreditWithTolerance")
    @APIResponse(
            responseCode = "201",
            description = "Placed",
            content = @Content(schema = @Schema(implementation = HoldView.class)))
    @APIResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED (amount, orderId, expiresAt, email, Idempotency-Key)")
    @APIResponse(responseCode = "404", description = CreditAccountResource.NOT_FOUND)
    @APIResponse(
            responseCode = "409",
            description = "ORDER_ALREADY_HELD; CREDIT_ACCOUNT_CLOSED; IDEMPOTENCY_KEY_IN_USE")
    @APIResponse(
            responseCode = "422",
            description = "CUSTOMER_NOT_APPROVED; CREDIT_EMAIL_MISMATCH; CREDIT_OVERDUE; "
                    + "CREDIT_INSUFFICIENT; IDEMPOTENCY_KEY_REUSED")
    public Uni<Response> place(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @BeanParam KeyedWrite write,
            @Valid @NotNull HoldRequest request) {
        return service.place(
                distributorId,
                AccountLockQuery.accountId(accountId),
                write.key(),
                write.path(),
                request,
                caller.get().actor());
    }

    @GET
    @Access(Permission.READ)
    @Operation(operationId = "listAccountHolds", summary = "List the account's holds, optionally by status (as of now)")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (status, limit, cursor)")
    @APIResponse(responseCode = "404", description = CreditAccountResource.NOT_FOUND)
    public Uni<Page<HoldView>> list(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @Parameter(schema = @Schema(implementation = HoldStatus.class)) @QueryParam("status") String status,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.list(
                distributorId,
                AccountLockQuery.accountId(accountId),
                QueryParams.enumOf(HoldStatus.class, status, "status"),
                limit,
                cursor);
    }

    @GET
    @Path("/{holdId}")
    @Access(Permission.READ)
    @Operation(operationId = "getHold", summary = "Get a hold")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; HOLD_NOT_FOUND")
    public Uni<HoldView> get(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @PathParam("holdId") String holdId) {
        return service.get(distributorId, AccountLockQuery.accountId(accountId), holdId);
    }

    @PATCH
    @Path("/{holdId}")
    @Access(Permission.HOLDS)
    @Operation(
            operationId = "adjustHold",
            summary = "Adjust an ACTIVE hold's amount or expiresAt (a cart edited after "
                    + "placement); an increase is checked like a new hold for the difference")
    @APIResponse(
            responseCode = "200",
            description = "Adjusted",
            content = @Content(schema = @Schema(implementation = HoldView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (amount, expiresAt, Idempotency-Key)")
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; HOLD_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "HOLD_NOT_ACTIVE; CREDIT_ACCOUNT_CLOSED; IDEMPOTENCY_KEY_IN_USE")
    @APIResponse(
            responseCode = "422",
            description = "HOLD_BELOW_CAPTURED; CUSTOMER_NOT_APPROVED; CREDIT_OVERDUE; "
                    + "CREDIT_INSUFFICIENT; IDEMPOTENCY_KEY_REUSED")
    public Uni<Response> adjust(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @PathParam("holdId") String holdId,
            @BeanParam KeyedWrite write,
            @Valid @NotNull AdjustHoldRequest request) {
        return service.adjust(
                distributorId,
                AccountLockQuery.accountId(accountId),
                holdId,
                write.key(),
                write.path(),
                request,
                caller.get().actor());
    }

    @POST
    @Path("/{holdId}/capture")
    @Access(Permission.HOLDS)
    @Operation(
            operationId = "captureHold",
            summary = "Capture all or part of what a hold reserves into 1–12 invoices; "
                    + "a final capture (the default) releases the rest")
    @APIResponse(
            responseCode = "200",
            description = "Captured",
            content = @Content(schema = @Schema(implementation = CaptureView.class)))
    @APIResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED (amount, installments, firstDueInDays, final, Idempotency-Key)")
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; HOLD_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "HOLD_NOT_ACTIVE; IDEMPOTENCY_KEY_IN_USE")
    @APIResponse(responseCode = "422", description = "CAPTURE_EXCEEDS_HOLD; IDEMPOTENCY_KEY_REUSED")
    public Uni<Response> capture(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @PathParam("holdId") String holdId,
            @BeanParam KeyedWrite write,
            @Valid CaptureRequest request) {
        CaptureRequest body = request == null ? new CaptureRequest(null, null, null, null) : request;
        return service.capture(
                distributorId,
                AccountLockQuery.accountId(accountId),
                holdId,
                write.key(),
                write.path(),
                body,
                caller.get().actor());
    }

    @POST
    @Path("/{holdId}/release")
    @Access(Permission.HOLDS)
    @Operation(
            operationId = "releaseHold",
            summary = "Release an active hold; releasing a RELEASED or EXPIRED one answers it as it is")
    @APIResponse(
            responseCode = "200",
            description = "Released (or already released/expired)",
            content = @Content(schema = @Schema(implementation = HoldView.class)))
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; HOLD_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "HOLD_NOT_ACTIVE: the hold was captured")
    public Uni<HoldView> release(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @PathParam("holdId") String holdId) {
        return service.release(
                distributorId,
                AccountLockQuery.accountId(accountId),
                holdId,
                caller.get().actor());
    }
}
