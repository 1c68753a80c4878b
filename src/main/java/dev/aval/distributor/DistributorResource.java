package dev.aval.distributor;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.aval.platform.Access;
import dev.aval.platform.CurrentCaller;
import dev.aval.platform.Permission;
import dev.aval.platform.ProblemMappers;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}")
@Tag(name = "Distributors", description = "Tenants and their settings (admin).")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DistributorResource {

    static final String ID_PATTERN = "^[a-z0-9][a-z0-9-]{0,63}$";

    @Inject
    DistributorService service;

    @Inject
    ApiKeyRepository directory;

    @Inject
    CurrentCaller caller;

    @PUT
    @Access(value = Permission.ADMIN, distributorMustExist = false)
    @Operation(operationId = "putDistributor", summary = "Create or update a distributor (admin)")
    @APIResponse(
            responseCode = "200",
            description = "Updated",
            content = @Content(schema = @Schema(implementation = DistributorView.class)))
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = DistributorView.class)))
    @APIResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED (distributorId, name, settings) or MALFORMED_REQUEST")
    public Uni<RestResponse<DistributorView>> put(
            @PathParam("distributorId") @Pattern(regexp = ID_PATTERN, message = "must match " + ID_PATTERN)
                    String distributorId,
            @Valid @NotNull DistributorRequest request) {
        // two first PUTs racing: the loser's insert meets the winner's row, and once more updates it;
        // the settings are forgotten once committed, so this instance's next eligibility reads them
        return service.put(distributorId, request, caller.get().actor())
                .onFailure(ProblemMappers::isUniqueViolation)
                .retry()
                .atMost(1)
                .invoke(() -> directory.evictSettings(distributorId))
                .map(saved -> saved.created()
                        ? RestResponse.status(RestResponse.Status.CREATED, saved.distributor())
                        : RestResponse.ok(saved.distributor()));
    }

    @GET
    @Access(Permission.READ)
    @Operation(operationId = "getDistributor", summary = "Get a distributor and its settings")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "DISTRIBUTOR_NOT_FOUND")
    public Uni<DistributorView> get(@PathParam("distributorId") String distributorId) {
        return service.get(distributorId);
    }
}
