package dev.aval.platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
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
 * It also shapes the document for generated clients (openapi-generator with its defaults reads
 * it as it is): path parameters in path order, 406 wherever an answer has a body and 415 wherever
 * a request has one, CSV answers as files with JSON first, and no schema that no operation uses.
 * <p>
 * It also declares how to authenticate: every {@code /v1} operation requires the HTTP bearer
 * scheme {@value #SECURITY_SCHEME} ({@code Authorization: Bearer <api key>}), so Swagger UI's
 * "Authorize" sends the key. Quarkus adds requirements only for {@code @RolesAllowed}, and Aval's
 * endpoints say {@link Access} instead.
 */
public class OpenApiProblems implements OASFilter {

    static final String SECURITY_SCHEME = "apiKey";
    private static final String SCHEMAS = "#/components/schemas/";
    private static final String CSV = "text/csv";
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}/]+)}");

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
                    // an operation naming its own 404 codes answers the admin's unknown distributor too
                    org.eclipse.microprofile.openapi.models.responses.APIResponse notFound =
                            responses.getAPIResponse("404");
                    if (notFound.getDescription() == null) {
                        notFound.setDescription("DISTRIBUTOR_NOT_FOUND");
                    } else if (!notFound.getDescription().contains("DISTRIBUTOR_NOT_FOUND")) {
                        notFound.setDescription("DISTRIBUTOR_NOT_FOUND; " + notFound.getDescription());
                    }
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
                }
                if (op.getValue().getRequestBody() != null
                        && op.getValue().getRequestBody().getContent() != null) {
                    add(
                            responses,
                            "415",
                            "UNSUPPORTED_MEDIA_TYPE: the body's Content-Type is none of "
                                    + String.join(
                                            ", ",
                                            op.getValue()
                                                    .getRequestBody()
                                                    .getContent()
                                                    .getMediaTypes()
                                                    .keySet()));
                }
                List<String> answers = answerTypes(responses);
                if (!answers.isEmpty()) {
                    add(
                            responses,
                            "406",
                            "NOT_ACCEPTABLE: the Accept header allows none of " + String.join(", ", answers)
                                    + " (checked before anything is done)");
                }
                orderPathParameters(path, op.getValue());
                typeFilesAndPreferJson(responses);
                responses.getAPIResponses().forEach((status, response) -> {
                    if (status.startsWith("4") || status.startsWith("5")) {
                        if (response.getContent() == null) {
                            response.setContent(problem());
                        }
                    }
                });
            }
        });
        pruneUnusedSchemas(openAPI);
    }

    /**
     * Path parameters in the order the path names them, before the others (whose order is kept):
     * SmallRye sorts parameters by name, so a generated client read {@code placeHold(accountId,
     * distributorId, …)} and swapping two ids compiled. Generators follow the document's order.
     */
    static void orderPathParameters(String path, Operation op) {
        if (op.getParameters() == null || op.getParameters().size() < 2) {
            return;
        }
        List<String> names = new ArrayList<>();
        Matcher m = PATH_PARAMETER.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        List<Parameter> ordered = new ArrayList<>(op.getParameters());
        ordered.sort(Comparator.comparingInt(p -> p.getIn() == Parameter.In.PATH && names.contains(p.getName())
                ? names.indexOf(p.getName())
                : names.size()));
        op.setParameters(ordered);
    }

    /** The media types of an operation's success answers (none for 202/204 without a body). */
    private static List<String> answerTypes(APIResponses responses) {
        List<String> types = new ArrayList<>();
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("2")
                    && response.getContent() != null
                    && response.getContent().getMediaTypes() != null) {
                response.getContent().getMediaTypes().keySet().stream()
                        .filter(type -> !types.contains(type))
                        .forEach(types::add);
            }
        });
        return types;
    }

    /**
     * A CSV answer is a file (a string of bytes), never JSON; and where an answer is JSON or CSV,
     * JSON comes first: generators type the method by the first media type, and a client that
     * sends both in its Accept gets the JSON.
     */
    private static void typeFilesAndPreferJson(APIResponses responses) {
        responses.getAPIResponses().forEach((status, response) -> {
            Content content = response.getContent();
            if (!status.startsWith("2") || content == null || content.getMediaTypes() == null) {
                return;
            }
            content.getMediaTypes().forEach((type, media) -> {
                if (type.startsWith(CSV)) {
                    media.setSchema(OASFactory.createSchema()
                            .addType(Schema.SchemaType.STRING)
                            .format("binary")
                            .description("A CSV file (UTF-8)"));
                }
            });
            if (content.getMediaTypes().size() > 1 && content.hasMediaType(MediaType.APPLICATION_JSON)) {
                Map<String, org.eclipse.microprofile.openapi.models.media.MediaType> ordered = new LinkedHashMap<>();
                ordered.put(MediaType.APPLICATION_JSON, content.getMediaType(MediaType.APPLICATION_JSON));
                content.getMediaTypes().forEach(ordered::putIfAbsent);
                content.setMediaTypes(ordered);
            }
        });
    }

    /**
     * Drops the component schemas no operation reaches (the console's page types, which SmallRye
     * scans with the rest): a generated client would carry a model class for each.
     */
    static void pruneUnusedSchemas(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Set<String> used = new HashSet<>();
        Deque<Object> pending = new ArrayDeque<>();
        openAPI.getPaths().getPathItems().values().forEach(pending::add);
        while (!pending.isEmpty()) {
            Object node = pending.pop();
            if (node instanceof Schema schema) {
                String ref = schema.getRef();
                if (ref != null && ref.startsWith(SCHEMAS)) {
                    String name = ref.substring(SCHEMAS.length());
                    if (used.add(name) && schemas.containsKey(name)) {
                        pending.push(schemas.get(name));
                    }
                }
                schema.getAll().values().forEach(pending::push);
            } else if (node instanceof PathItem item) {
                item.getOperations().values().forEach(pending::push);
            } else if (node instanceof Operation op) {
                if (op.getParameters() != null) {
                    op.getParameters().forEach(pending::push);
                }
                if (op.getRequestBody() != null) {
                    pending.push(op.getRequestBody().getContent());
                }
                if (op.getResponses() != null) {
                    op.getResponses().getAPIResponses().values().forEach(pending::push);
                }
            } else if (node instanceof Parameter parameter) {
                pushIfPresent(pending, parameter.getSchema());
                pushIfPresent(pending, parameter.getContent());
            } else if (node instanceof org.eclipse.microprofile.openapi.models.responses.APIResponse response) {
                pushIfPresent(pending, response.getContent());
                if (response.getHeaders() != null) {
                    response.getHeaders().values().forEach(h -> pushIfPresent(pending, h.getSchema()));
                }
            } else if (node instanceof Content content && content.getMediaTypes() != null) {
                content.getMediaTypes().values().forEach(media -> pushIfPresent(pending, media.getSchema()));
            } else if (node instanceof Map<?, ?> map) {
                map.values().forEach(v -> pushIfPresent(pending, v));
            } else if (node instanceof List<?> list) {
                list.forEach(v -> pushIfPresent(pending, v));
            }
        }
        List.copyOf(schemas.keySet()).stream()
                .filter(name -> !used.contains(name))
                .forEach(openAPI.getComponents()::removeSchema);
    }

    private static void pushIfPresent(Deque<Object> pending, Object node) {
        if (node != null) {
            pending.push(node);
        }
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
