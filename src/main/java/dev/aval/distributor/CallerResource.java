package dev.aval.distributor;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.aval.platform.Access;
import dev.aval.platform.Caller;
import dev.aval.platform.CurrentCaller;
import dev.aval.platform.Permission;
import dev.aval.platform.Role;
import io.smallrye.common.annotation.NonBlocking;

/** Tells an integration which key it is using; also the constant baseline of the benchmarks. */
@Path("/v1/me")
@Tag(name = "API keys")
public class CallerResource {

    @Schema(name = "Caller", description = "The key making this call.")
    public record CallerView(
            String keyId,

            @Schema(nullable = true, description = "Null for the admin key.")
            String distributorId,

            @Schema(nullable = true, description = "Null for the admin key.")
            Role role,

            boolean admin) {}

    @Inject
    CurrentCaller currentCaller;

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @Access(Permission.READ)
    @Operation(operationId = "getCaller", summary = "Which key is calling: its id, distributor and role")
    public CallerView me() {
        Caller c = currentCaller.get();
        return new CallerView(c.keyId(), c.distributorId(), c.role(), c.admin());
    }
}
