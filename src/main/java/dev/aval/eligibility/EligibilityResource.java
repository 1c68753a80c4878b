package dev.aval.eligibility;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.aval.platform.Access;
import dev.aval.platform.CurrentCaller;
import dev.aval.platform.Permission;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/eligibility")
@Tag(name = "Eligibility", description = "The checkout call: may this customer buy this cart, and with which methods?")
public class EligibilityResource {

    @Inject
    EligibilityService service;

    @Inject
    CurrentCaller caller;

    @POST
    @Access(Permission.ELIGIBILITY)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "checkEligibility",
            summary = "Decide which payment methods this customer may use for this cart, and why not")
    @APIResponse(responseCode = "200", description = "The decision")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (document, cartTotal, paymentMethods)")
    public Uni<EligibilityView> decide(
            @PathParam("distributorId") String distributorId,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            EligibilityRequest request) {
        Messages.Language language = Messages.language(acceptLanguage);
        return caller.get().warmup()
                ? service.preview(distributorId, request, language)
                : service.decide(distributorId, request, language);
    }
}
