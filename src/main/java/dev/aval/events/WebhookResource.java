package dev.aval.events;

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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import dev.aval.platform.Access;
import dev.aval.platform.Page;
import dev.aval.platform.Permission;
import dev.aval.platform.Problem;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/webhooks")
@Tag(
        name = "Webhooks",
        description = "Endpoints that receive the change events, signed (Standard Webhooks), and their deliveries.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Access(Permission.WEBHOOKS)
public class WebhookResource {

    @Inject
    WebhookService service;

    @POST
    @Operation(
            operationId = "registerWebhook",
            summary = "Register an endpoint; its secret is shown only in this answer")
    @APIResponse(
            responseCode = "201",
            description = "Registered, ENABLED",
            content = @Content(schema = @Schema(implementation = WebhookView.class)))
    @APIResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED (url: https only, no private, loopback or "
                    + "link-local host; types; description) or MALFORMED_REQUEST")
    public Uni<RestResponse<WebhookView>> register(
            @PathParam("distributorId") String distributorId, @Valid @NotNull WebhookRequest request) {
        return service.register(distributorId, request).map(w -> RestResponse.status(RestResponse.Status.CREATED, w));
    }

    @GET
    @Operation(operationId = "listWebhooks", summary = "List the endpoints (never their secrets)")
    public Uni<Page<WebhookView>> list(
            @PathParam("distributorId") String distributorId,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.list(distributorId, limit, cursor);
    }

    @GET
    @Path("/{webhookId}")
    @Operation(operationId = "getWebhook", summary = "Get an endpoint (never its secret)")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "WEBHOOK_NOT_FOUND")
    public Uni<WebhookView> get(
            @PathParam("distributorId") String distributorId, @PathParam("webhookId") String webhookId) {
        return service.get(distributorId, webhookId);
    }

    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body but a problem: any Accept of them
    @DELETE
    @Path("/{webhookId}")
    @Operation(operationId = "deleteWebhook", summary = "Delete an endpoint and its deliveries")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "WEBHOOK_NOT_FOUND")
    public Uni<RestResponse<Void>> delete(
            @PathParam("distributorId") String distributorId, @PathParam("webhookId") String webhookId) {
        return service.delete(distributorId, webhookId).map(v -> RestResponse.noContent());
    }

    @POST
    @Path("/{webhookId}/rotate-secret")
    @Operation(
            operationId = "rotateWebhookSecret",
            summary = "A new secret; the old one keeps signing alongside for 24 h")
    @APIResponse(responseCode = "200", description = "The endpoint with its new secret, shown only here")
    @APIResponse(responseCode = "404", description = "WEBHOOK_NOT_FOUND")
    public Uni<WebhookView> rotateSecret(
            @PathParam("distributorId") String distributorId, @PathParam("webhookId") String webhookId) {
        return service.rotateSecret(distributorId, webhookId);
    }

    @POST
    @Path("/{webhookId}/enable")
    @Operation(
            operationId = "enableWebhook",
            summary = "Turn a DISABLED endpoint back on; what it missed is sent again")
    @APIResponse(responseCode = "200", description = "ENABLED")
    @APIResponse(responseCode = "404", description = "WEBHOOK_NOT_FOUND")
    public Uni<WebhookView> enable(
            @PathParam("distributorId") String distributorId, @PathParam("webhookId") String webhookId) {
        return service.enable(distributorId, webhookId);
    }

    @GET
    @Path("/{webhookId}/deliveries")
    @Operation(operationId = "listWebhookDeliveries", summary = "The delivery log of an endpoint, newest first")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (status, limit, cursor)")
    @APIResponse(responseCode = "404", description = "WEBHOOK_NOT_FOUND")
    public Uni<Page<DeliveryView>> deliveries(
            @PathParam("distributorId") String distributorId,
            @PathParam("webhookId") String webhookId,
            @Parameter(schema = @Schema(enumeration = {"PENDING", "SUCCEEDED", "FAILED"})) @QueryParam("status")
                    String status,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.deliveries(distributorId, webhookId, status, limit, cursor);
    }

    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body but a problem: any Accept of them
    @POST
    @Path("/{webhookId}/deliveries/{deliveryId}/retry")
    @Operation(operationId = "retryWebhookDelivery", summary = "Send a delivery again now (a FAILED one too)")
    @APIResponse(responseCode = "202", description = "Queued")
    @APIResponse(responseCode = "404", description = "WEBHOOK_NOT_FOUND or DELIVERY_NOT_FOUND")
    public Uni<RestResponse<Void>> retry(
            @PathParam("distributorId") String distributorId,
            @PathParam("webhookId") String webhookId,
            @PathParam("deliveryId") String deliveryId) {
        return service.retry(distributorId, webhookId, deliveryId).map(v -> RestResponse.accepted());
    }

    @POST
    @Path("/{webhookId}/test")
    @Operation(operationId = "testWebhook", summary = "Send a webhook.test event to this endpoint only")
    @APIResponse(
            responseCode = "202",
            description = "Queued, and sent even while the endpoint is DISABLED (to check a mended receiver"
                    + " before enabling it); the answer is its delivery",
            content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "404", description = "WEBHOOK_NOT_FOUND")
    public Uni<RestResponse<DeliveryView>> test(
            @PathParam("distributorId") String distributorId, @PathParam("webhookId") String webhookId) {
        return service.test(distributorId, webhookId).map(d -> RestResponse.status(RestResponse.Status.ACCEPTED, d));
    }
}
