package dev.aval.credit;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.aval.platform.Access;
import dev.aval.platform.Page;
import dev.aval.platform.Permission;
import dev.aval.platform.ProblemException;
import dev.aval.platform.QueryParams;
import io.smallrye.mutiny.Uni;

/** The distributor's holds across its accounts: checkout knows its order, not the account (api.md). */
@Path("/v1/distributors/{distributorId}/holds")
@Tag(name = "Holds")
@Produces(MediaType.APPLICATION_JSON)
public class DistributorHoldResource {

    @Inject
    HoldService service;

    @GET
    @Access(Permission.READ)
    @Operation(
            operationId = "listHolds",
            summary =
                    "List the distributor's holds across its accounts, newest first, by orderId and status (as of now)")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (orderId, status, limit, cursor)")
    public Uni<Page<HoldView>> search(
            @PathParam("distributorId") String distributorId,
            @Parameter(description = "The checkout's order id, exactly as the hold was placed.") @QueryParam("orderId")
                    String orderId,
            @Parameter(schema = @Schema(implementation = HoldStatus.class)) @QueryParam("status") String status,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        if (orderId != null && (orderId.strip().length() > 100 || orderId.indexOf('\0') >= 0)) {
            throw ProblemException.validation("orderId", "must be at most 100 characters, without NUL");
        }
        return service.search(
                distributorId, orderId, QueryParams.enumOf(HoldStatus.class, status, "status"), limit, cursor);
    }
}
