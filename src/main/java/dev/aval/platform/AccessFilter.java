package dev.aval.platform;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates every {@code /v1} call by API key and applies tenancy and role rules in the
 * order api.md fixes: 401 unknown key (before routing: unknown paths too), 403 another
 * distributor, 404 unknown distributor, 403 missing permission — then 413 for a JSON body
 * declared larger than the limit. Cached keys make the usual path allocation-light and synchronous.
 */
public class AccessFilter {

    private static final Uni<Response> CONTINUE = Uni.createFrom().nullItem();
    private static final String BEARER = "Bearer ";

    private final Map<Method, Access> accessByMethod = new ConcurrentHashMap<>();
    private final byte[] adminKey;

    @Inject
    KeyDirectory directory;
    @Inject
    CurrentCaller currentCaller;
    @Inject
    RateLimiter rateLimiter;
    @Inject
    AvalConfig config;

    @Inject
    public AccessFilter(AvalConfig config) {
        this.adminKey = config.adminApiKey().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Before routing, so that any {@code /v1} path — also one that does not exist, or a method it
     * does not have — answers 401 without a valid key: the key comes first, then the route.
     */
    @ServerRequestFilter(preMatching = true)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1")) {
            return CONTINUE;
        }
        String token = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return deny(unauthenticated("send an API key as 'Authorization: Bearer <key>'"));
        }
        if (MessageDigest.isEqual(adminKey, token.getBytes(StandardCharsets.UTF_8))) {
            currentCaller.set(Caller.ADMIN);
            return CONTINUE;
        }
        return directory.findActiveKey(ApiKeyHash.of(token)).onItem().transformToUni(caller -> {
            if (caller == null) {
                return deny(unauthenticated("the API key is unknown or revoked"));
            }
            // any path of another distributor, existing or not, is 403 (no route is revealed)
            String distributorId = distributorOf(path);
            if (distributorId != null && !distributorId.equals(caller.distributorId())) {
                return deny(ProblemException.forbidden("this API key belongs to another distributor"));
            }
            currentCaller.set(caller);
            return CONTINUE;
        });
    }

    /** The {@code {distributorId}} of a {@code /v1/distributors/{distributorId}[/...]} path, else null. */
    static String distributorOf(String path) {
        String prefix = "/v1/distributors/";
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            return null;
        }
        int end = path.indexOf('/', prefix.length());
        return path.substring(prefix.length(), end < 0 ? path.length() : end);
    }

    /**
     * Once the route is known: the rate limit, then tenancy, the distributor's existence and the
     * role, then a declared JSON length over the limit (a chunked body was counted by {@link BodyLimit}).
     */
    @ServerRequestFilter
    public Uni<Response> authorize(ContainerRequestContext request, ResourceInfo resource, UriInfo uri,
            RoutingContext routing) {
        Method method = resource.getResourceMethod();
        if (method == null || !uri.getPath().startsWith("/v1")) {
            return CONTINUE;
        }
        Buffer buffered = routing.body().buffer();
        if (buffered != null) {
            // a chunked JSON body BodyLimit already read whole: handed over as it is (Quarkus REST
            // would otherwise read the finished request again, and find nothing past its 10 KiB buffer)
            request.setEntityStream(new ByteArrayInputStream(buffered.getBytes()));
        }
        return authorize(currentCaller.get(), accessByMethod.computeIfAbsent(method, AccessFilter::accessOf), uri, request);
    }

    private Uni<Response> authorize(Caller caller, Access access, UriInfo uri, ContainerRequestContext request) {
        if (!rateLimiter.tryAcquire(caller.keyId())) {
            return deny(new ProblemException(429, "RATE_LIMITED", "Too many requests",
                    "this API key exceeded its request rate; retry after the indicated delay",
                    java.util.List.of(), Map.of("Retry-After", "1")));
        }
        String distributorId = uri.getPathParameters().getFirst("distributorId");
        if (distributorId != null && !caller.admin() && !distributorId.equals(caller.distributorId())) {
            return deny(ProblemException.forbidden("this API key belongs to another distributor"));
        }
        if (distributorId == null || !access.distributorMustExist() || directory.knownDistributor(distributorId)) {
            return permit(caller, access, request);
        }
        return directory.distributorExists(distributorId).onItem().transformToUni(exists -> exists
                ? permit(caller, access, request)
                : deny(ProblemException.notFound("DISTRIBUTOR_NOT_FOUND", "distributor '" + distributorId + "' does not exist")));
    }

    private Uni<Response> permit(Caller caller, Access access, ContainerRequestContext request) {
        if (!caller.may(access.value())) {
            return deny(ProblemException.forbidden("the key's role does not allow this operation"));
        }
        Response tooLarge = limitBody(request);
        return tooLarge == null ? CONTINUE : Uni.createFrom().item(tooLarge);
    }

    /**
     * JSON bodies are limited to {@code aval.http.max-json-body-size}: a declared length above it is
     * refused here, once the key is known; a body sent without a length (chunked) is counted while
     * it is read, before routing ({@link BodyLimit}).
     */
    private Response limitBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        MediaType type = request.getMediaType();
        if (length == null || type == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type)) {
            return null;
        }
        try {
            if (Long.parseLong(length.trim()) > config.http().maxJsonBodySize()) {
                return Problems.response(tooLarge(config.http().maxJsonBodySize()));
            }
        } catch (NumberFormatException ignored) {
            // the HTTP layer rejects a malformed Content-Length before we get here
        }
        return null;
    }

    static ProblemException tooLarge(long limit) {
        return new ProblemException(413, "PAYLOAD_TOO_LARGE", "Payload too large",
                "JSON bodies are limited to " + limit + " bytes");
    }

    private static Access accessOf(Method method) {
        Access access = method.getAnnotation(Access.class);
        if (access == null) {
            access = method.getDeclaringClass().getAnnotation(Access.class);
        }
        return access != null ? access : AdminOnly.class.getAnnotation(Access.class);
    }

    private static String bearer(String header) {
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static ProblemException unauthenticated(String detail) {
        return new ProblemException(401, "UNAUTHENTICATED", "Unauthenticated", detail,
                java.util.List.of(), Map.of("WWW-Authenticate", "Bearer"));
    }

    private static Uni<Response> deny(ProblemException problem) {
        return Uni.createFrom().item(Problems.response(problem));
    }

    /** The safe default for an endpoint that forgot {@link Access}. */
    @Access(Permission.ADMIN)
    private static final class AdminOnly {
    }
}
