package dev.aval.console;

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
import jakarta.ws.rs.core.UriInfo;

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

@Path("/v1/distributors/{distributorId}/users")
@Tag(
        name = "Console users",
        description = "A distributor's back-office staff who sign in to the web console; managed by the admin.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(Permission.ADMIN)
public class ConsoleUserResource {

    @Inject
    ConsoleUserService service;

    @POST
    @Operation(
            operationId = "createConsoleUser",
            summary = "Create a console user; the answer's one-time setupUrl is where it chooses a password")
    @APIResponse(
            responseCode = "201",
            description = "Created, with its setup link",
            content = @Content(schema = @Schema(implementation = SetupLinkView.class)))
    @APIResponse(
            responseCode = "409",
            description = "USER_EXISTS: the email is already a console user (of any distributor)")
    public Uni<RestResponse<SetupLinkView>> create(
            @PathParam("distributorId") String distributorId, @Valid @NotNull ConsoleUserRequest request, UriInfo uri) {
        return service.create(distributorId, request, base(uri))
                .map(u -> RestResponse.status(RestResponse.Status.CREATED, u));
    }

    @GET
    @Operation(operationId = "listConsoleUsers", summary = "List a distributor's console users")
    public Uni<Page<ConsoleUserView>> list(
            @PathParam("distributorId") String distributorId,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.list(distributorId, limit, cursor);
    }

    @POST
    @Path("/{userId}/setup-link")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            operationId = "issueConsoleUserSetupLink",
            summary = "Issue a new one-time setup link (a password reset); earlier links stop working")
    @APIResponse(
            responseCode = "201",
            description = "The new link",
            content = @Content(schema = @Schema(implementation = SetupLinkView.class)))
    @APIResponse(responseCode = "404", description = "USER_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "USER_DISABLED")
    public Uni<RestResponse<SetupLinkView>> newSetupLink(
            @PathParam("distributorId") String distributorId, @PathParam("userId") String userId, UriInfo uri) {
        return service.newSetupLink(distributorId, ConsoleUserService.userId(userId), base(uri))
                .map(u -> RestResponse.status(RestResponse.Status.CREATED, u));
    }

    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body but a problem: any Accept of them
    @DELETE
    @Path("/{userId}")
    @Operation(
            operationId = "disableConsoleUser",
            summary = "Disable a console user: sign-in refused, its sessions stop at once")
    @APIResponse(responseCode = "204", description = "Disabled")
    @APIResponse(responseCode = "404", description = "USER_NOT_FOUND")
    public Uni<Void> disable(@PathParam("distributorId") String distributorId, @PathParam("userId") String userId) {
        return service.disable(distributorId, ConsoleUserService.userId(userId));
    }

    private static String base(UriInfo uri) {
        return uri.getBaseUri().toString();
    }
}
