package dev.aval.eligibility;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

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

import dev.aval.distributor.ApiKeyDirectory;
import dev.aval.distributor.DistributorSettings;
import dev.aval.platform.Access;
import dev.aval.platform.Document;
import dev.aval.platform.Permission;
import dev.aval.platform.Problem;
import dev.aval.platform.ProblemException;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/eligibility")
@Tag(name = "Eligibility", description = "The checkout call: may this customer buy this cart, and with which methods?")
public class EligibilityResource {

    private static final List<PaymentMethod> ALL_METHODS = Arrays.asList(PaymentMethod.values());

    @Inject
    EligibilityQuery query;
    @Inject
    EligibilityMetrics metrics;
    @Inject
    ApiKeyDirectory directory;

    @POST
    @Access(Permission.ELIGIBILITY)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide which payment methods this customer may use for this cart, and why not")
    @APIResponse(responseCode = "200", description = "The decision")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (document, cartTotal, paymentMethods)")
    public Uni<EligibilityView> decide(@PathParam("distributorId") String distributorId,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
            EligibilityRequest request) {
        if (request == null) {
            throw ProblemException.validation("body", "must not be null");
        }
        List<Problem.FieldError> errors = request.violations();
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        Document document = Document.parse(request.documentType(), request.document());
        List<PaymentMethod> methods = request.paymentMethods() == null ? ALL_METHODS
                : request.paymentMethods().stream().distinct().toList();
        Messages.Language language = Messages.language(acceptLanguage);
        Function<Snapshot, EligibilityView> decide = snapshot -> {
            Decision decision = EligibilityPolicy.decide(snapshot, request.email(), request.cartTotal(), methods);
            metrics.record(decision);
            return EligibilityView.of(document.value(), decision, language);
        };
        DistributorSettings settings = directory.cachedSettings(distributorId);
        if (settings != null) {
            return query.snapshot(distributorId, document.value(), settings, decide);
        }
        return directory.settings(distributorId).chain(read -> {
            if (read == null) {
                throw ProblemException.notFound("DISTRIBUTOR_NOT_FOUND", "distributor '" + distributorId + "' does not exist");
            }
            return query.snapshot(distributorId, document.value(), read, decide);
        });
    }
}
