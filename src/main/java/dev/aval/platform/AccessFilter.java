package dev.aval.platform;

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

/**
 * Authenticates every {@code /v1} call by API key and applies tenancy and role rules in the
 * order api.md fixes: 401 unknown key, 403 another distributor, 404 unknown distributor,
 * 403 missing permission. Cached keys make the usual path allocation-light and synchronous.
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

    @ServerRequestFilter
    public Uni<Response> check(ContainerRequestContext request, ResourceInfo resource, UriInfo uri) {
        Method method = resource.getResourceMethod();
        if (method == null || !uri.getPath().startsWith("/v1")) {
            return CONTINUE;
        }
        Access access = accessByMethod.computeIfAbsent(method, AccessFilter::accessOf);
        String token = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return deny(unauthenticated("send an API key as 'Authorization: Bearer <key>'"));
        }
        Response tooLarge = checkBodySize(request);
        if (tooLarge != null) {
            return Uni.createFrom().item(tooLarge);
        }
        if (MessageDigest.isEqual(adminKey, token.getBytes(StandardCharsets.UTF_8))) {
            return authorize(Caller.ADMIN, access, uri);
        }
        return directory.findActiveKey(ApiKeyHash.of(token)).onItem().transformToUni(caller -> caller == null
                ? deny(unauthenticated("the API key is unknown or revoked"))
                : authorize(caller, access, uri));
    }

    private Uni<Response> authorize(Caller caller, Access access, UriInfo uri) {
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
            return permit(caller, access);
        }
        return directory.distributorExists(distributorId).onItem().transformToUni(exists -> exists
                ? permit(caller, access)
                : deny(ProblemException.notFound("DISTRIBUTOR_NOT_FOUND", "distributor '" + distributorId + "' does not exist")));
    }

    private Uni<Response> permit(Caller caller, Access access) {
        if (!caller.may(access.value())) {
            return deny(ProblemException.forbidden("the key's role does not allow this operation"));
        }
        currentCaller.set(caller);
        return CONTINUE;
    }

    private Response checkBodySize(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type)) {
            return null;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > config.http().maxJsonBodySize()) {
                    return Problems.response(new ProblemException(413, "PAYLOAD_TOO_LARGE", "Payload too large",
                            "JSON bodies are limited to " + config.http().maxJsonBodySize() + " bytes"));
                }
            } catch (NumberFormatException ignored) {
                // the HTTP layer rejects a malformed Content-Length before we get here
            }
        }
        return null;
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
