package dev.aval.platform;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * order api.md fixes: 401 unknown key (before routing: unknown paths too), 403 another
 * distributor, 404 unknown distributor, 403 missing permission. Cached keys make the usual path allocation-light and synchronous.
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
        if (!request.getUriInfo().getPath().startsWith("/v1")) {
            return CONTINUE;
        }
        String token = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return deny(unauthenticated("send an API key as 'Authorization: Bearer <key>'"));
        }
        Response tooLarge = limitBody(request);
        if (tooLarge != null) {
            return Uni.createFrom().item(tooLarge);
        }
        if (MessageDigest.isEqual(adminKey, token.getBytes(StandardCharsets.UTF_8))) {
            currentCaller.set(Caller.ADMIN);
            return CONTINUE;
        }
        return directory.findActiveKey(ApiKeyHash.of(token)).onItem().transformToUni(caller -> {
            if (caller == null) {
                return deny(unauthenticated("the API key is unknown or revoked"));
            }
            currentCaller.set(caller);
            return CONTINUE;
        });
    }

    /** Once the route is known: the rate limit, then tenancy, the distributor's existence and the role. */
    @ServerRequestFilter
    public Uni<Response> authorize(ResourceInfo resource, UriInfo uri) {
        Method method = resource.getResourceMethod();
        if (method == null || !uri.getPath().startsWith("/v1")) {
            return CONTINUE;
        }
        return authorize(currentCaller.get(), accessByMethod.computeIfAbsent(method, AccessFilter::accessOf), uri);
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
        return CONTINUE;
    }

    /**
     * JSON bodies are limited to {@code aval.http.max-json-body-size}: a declared length above it is
     * refused at once; a body sent without a length (chunked) is counted as it is read and refused
     * when it passes the limit.
     */
    private Response limitBody(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type)) {
            return null;
        }
        long limit = config.http().maxJsonBodySize();
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
            return null;
        }
        try {
            if (Long.parseLong(length.trim()) > limit) {
                return Problems.response(tooLarge(limit));
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

    /** Counts what is read and fails with 413 once more than the limit has come. */
    private static final class LimitedInputStream extends FilterInputStream {

        private final long limit;
        private long count;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > limit) {
                throw tooLarge(limit);
            }
        }
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
