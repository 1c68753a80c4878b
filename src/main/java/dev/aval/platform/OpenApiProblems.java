package dev.aval.platform;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Documents, once for every {@code /v1} operation, the problems any of them can answer:
 * authentication, tenancy/role, unknown distributor, rate limit, database outage and, when the
 * operation has input to validate, bad request and (JSON bodies) payload too large — and gives
 * every error response an operation declares ({@code @APIResponse(responseCode = "409",
 * description = "CODE: why")}) its problem+json body, so resources name their codes and nothing
 * more.
 * <p>
 * It also declares how to authenticate: every {@code /v1} operation requires the HTTP bearer
 * scheme {@value #SECURITY_SCHEME} ({@code Authorization: Bearer <api key>}), so Swagger UI's
 * "Authorize" sends the key. Quarkus adds requirements only for {@code @RolesAllowed}, and Aval's
 * endpoints say {@link Access} instead.
 */
public class OpenApiProblems implements OASFilter {

    static final String SECURITY_SCHEME = "apiKey";

    /** Sorted, so the document comes out the same on every start (it is kept and compared). */
    private static final Map<String, String> COMMON = new java.util.TreeMap<>(Map.of(
            "401", "UNAUTHENTICATED: no, unknown or revoked API key",
            "403", "FORBIDDEN: another distributor's path, or the key's role lacks the permission",
            "429", "RATE_LIMITED: too many requests for this key (see Retry-After)",
            "503", "SERVICE_UNAVAILABLE: the database is unreachable; retry with backoff"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents()
                .addSecurityScheme(
                        SECURITY_SCHEME,
                        OASFactory.createSecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description(
                                        "An Aval API key (the platform admin's or a distributor's), sent as 'Authorization: Bearer <key>'. "
                                                + "In Swagger UI's Authorize, paste the key alone."));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        // the document is the API's: the console's HTML pages (and anything else off /v1) are not part of it
        java.util.List.copyOf(openAPI.getPaths().getPathItems().keySet()).stream()
                .filter(path -> !path.startsWith("/v1"))
                .forEach(openAPI.getPaths()::removePathItem);
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/v1")) {
                return;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> op :
                    item.getOperations().entrySet()) {
                if (op.getValue().getSecurity() == null
                        || op.getValue().getSecurity().isEmpty()) {
                    op.getValue()
                            .addSecurityRequirement(
                                    OASFactory.createSecurityRequirement().addScheme(SECURITY_SCHEME));
                }
                APIResponses responses = op.getValue().getResponses();
                if (responses == null) {
                    responses = OASFactory.createAPIResponses();
                    op.getValue().setResponses(responses);
                }
                for (Map.Entry<String, String> e : COMMON.entrySet()) {
                    add(responses, e.getKey(), e.getValue());
                }
                if (path.startsWith("/v1/distributors/{distributorId}")) {
                    add(responses, "404", "DISTRIBUTOR_NOT_FOUND (or the resource's own NOT_FOUND code)");
                }
                String badRequest = badRequest(op.getValue());
                if (badRequest != null) {
                    add(responses, "400", badRequest);
                }
                if (takesJson(op.getValue())) {
                    add(
                            responses,
                            "413",
                            "PAYLOAD_TOO_LARGE: the JSON body is over aval.http.max-json-body-size (default 4 MiB)");
                    add(responses, "415", "UNSUPPORTED_MEDIA_TYPE: the body is not application/json");
                }
                responses.getAPIResponses().forEach((status, response) -> {
                    if (status.startsWith("4") || status.startsWith("5")) {
                        if (response.getContent() == null) {
                            response.setContent(problem());
                        }
                    }
                });
            }
        });
    }

    /**
     * The 400 an operation can answer, or null: a request body may be unreadable or invalid, and
     * query parameters and non-id path parameters ({@code document}) are validated. Path ids that
     * do not parse name nothing (404), and headers are checked with the body they come with.
     */
    private static String badRequest(Operation op) {
        if (op.getRequestBody() != null) {
            return "VALIDATION_FAILED (errors name each field or path id that is not a UUID) or MALFORMED_REQUEST";
        }
        List<String> validated = op.getParameters() == null
                ? List.of()
                : op.getParameters().stream()
                        .filter(p -> p.getIn() == Parameter.In.QUERY || p.getIn() == Parameter.In.PATH)
                        .map(Parameter::getName)
                        .toList();
        return validated.isEmpty()
                ? null
                : "VALIDATION_FAILED: errors name each invalid parameter (" + String.join(", ", validated) + ")";
    }

    /** JSON request bodies are refused past aval.http.max-json-body-size (BodyLimit). */
    private static boolean takesJson(Operation op) {
        return op.getRequestBody() != null
                && op.getRequestBody().getContent() != null
                && op.getRequestBody().getContent().hasMediaType(MediaType.APPLICATION_JSON);
    }

    private static void add(APIResponses responses, String status, String description) {
        if (responses.hasAPIResponse(status)) {
            return;
        }
        responses.addAPIResponse(
                status, OASFactory.createAPIResponse().description(description).content(problem()));
    }

    private static Content problem() {
        return OASFactory.createContent()
                .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("Problem")));
    }
}
