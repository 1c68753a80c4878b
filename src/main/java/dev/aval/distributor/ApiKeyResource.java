package dev.aval.distributor;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.aval.platform.Access;
import dev.aval.platform.Page;
import dev.aval.platform.Permission;
import dev.aval.platform.Problem;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/api-keys")
@Tag(name = "API keys", description = "Distributor keys, issued and revoked by the admin.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(Permission.ADMIN)
public class ApiKeyResource {

    @Inject
    ApiKeyService service;

    @Inject
    ApiKeyRepository directory;

    @POST
    @Operation(operationId = "issueApiKey", summary = "Issue an API key (the key is shown only in this answer)")
    @APIResponse(
            responseCode = "201",
            description = "Issued",
            content = @Content(schema = @Schema(implementation = IssuedApiKeyView.class)))
    public Uni<RestResponse<IssuedApiKeyView>> issue(
            @PathParam("distributorId") String distributorId, @Valid @NotNull ApiKeyRequest request) {
        return service.issue(distributorId, request).map(k -> RestResponse.status(RestResponse.Status.CREATED, k));
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "List a distributor's API keys (never the keys themselves)")
    public Uni<Page<ApiKeyView>> list(
            @PathParam("distributorId") String distributorId,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.list(distributorId, limit, cursor);
    }

    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body but a problem: any Accept of them
    @DELETE
    @Path("/{keyId}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key: refused from then on")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "API_KEY_NOT_FOUND")
    public Uni<Void> revoke(@PathParam("distributorId") String distributorId, @PathParam("keyId") UUID keyId) {
        // forgotten by this instance's cache once the revocation is committed, before the 204
        return service.revoke(distributorId, keyId).invoke(() -> directory.evict(keyId.toString()));
    }
}
