package dev.aval.platform;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates every {@code /v1} call by API key and applies tenancy and role rules in the
 * order api.md fixes: 429 for an address that failed too often, 401 unknown key (before routing:
 * unknown paths too), 429 rate limit, 403 another
 * distributor, 404 unknown distributor, 403 missing permission. Only then does {@link BodyLimit}
 * refuse a JSON body declared larger than the limit. Cached keys make the usual path
 * allocation-light and synchronous.
 */
public class ApiKeyAccess {

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
    FailedAuthLimiter failedAuth;

    @Inject
    ClientAddress clientAddress;

    @Inject
    ObjectMapper json;

    @Inject
    WarmupKey warmupKey;

    private final Failures failures;
    private final long failedAuthDelayMillis;

    @Inject
    public ApiKeyAccess(AvalConfig config, MeterRegistry registry) {
        this.adminKey = config.adminApiKey().getBytes(StandardCharsets.UTF_8);
        this.failedAuthDelayMillis = config.rateLimit().failedAuthDelay().toMillis();
        this.failures = new Failures(registry);
    }

    /** The metric {@value #FAILURES}, by reason: no key, a malformed one, an unknown one, refused by address. */
    static final String FAILURES = "aval.auth.failures";

    private static final class Failures {
        final Counter missing;
        final Counter malformed;
        final Counter unknown;
        final Counter limited;

        Failures(MeterRegistry registry) {
            missing = counter(registry, "missing");
            malformed = counter(registry, "malformed");
            unknown = counter(registry, "unknown");
            limited = counter(registry, "address-limited");
        }

        private static Counter counter(MeterRegistry registry, String reason) {
            return Counter.builder(FAILURES)
                    .description("Refused /v1 authentications")
                    .tag("reason", reason)
                    .register(registry);
        }
    }

    /** Where {@link #authenticate} leaves the caller for Quarkus REST ({@link #adoptCaller}). */
    static final String CALLER = "aval.caller";

    void register(@Observes Router router) {
        router.route().order(BodyLimit.ORDER - 1).handler(this::authenticate);
    }

    /**
     * Right after Quarkus's authentication handler (same priority, registered later: it runs next),
     * a {@code /v1} request gets an authentication-failure handler that is not Quarkus's default
     * one. Quarkus security serves the console only (no policy covers {@code /v1}, whose keys are
     * checked here), but with HTTP metrics on, Quarkus REST replaces the default handler on every
     * request, first building a new request mapper of every endpoint to name a possible failure's
     * URI template in the metrics: 5% of the service's CPU on {@code GET /v1/me}
     * (docs/benchmarks.md "The HTTP path made cheaper").
     * Should Quarkus security ever refuse a {@code /v1} request, this handler fails the routing
     * context as Quarkus REST's own would, so the problem mappers answer.
     */
    void replaceDefaultAuthFailureHandler(@Observes Filters filters) {
        filters.register(
                ctx -> {
                    if (ctx.normalizedPath().startsWith("/v1")) {
                        ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, FAIL_ROUTING);
                    }
                    ctx.next();
                },
                SecurityHandlerPriorities.AUTHENTICATION);
    }

    static final BiConsumer<RoutingContext, Throwable> FAIL_ROUTING = (ctx, failure) -> {
        if (!ctx.failed() && !ctx.response().ended()) {
            ctx.fail(failure);
        }
    };

    /**
     * On the headers alone, before any handler reads a byte of the body and before routing, so
     * that any {@code /v1} path — also one that does not exist, or a method it does not have —
     * answers 401 without a valid key: the key comes first, then the route, then the body. The
     * request stays paused (Quarkus pauses every request on arrival) while the key is looked up. A
     * token that cannot be a key costs no look-up, and an address that failed too often this second
     * gets 429 before any look-up ({@link FailedAuthLimiter}).
     */
    void authenticate(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (!path.startsWith("/v1")) {
            ctx.next();
            return;
        }
        String address = clientAddress.of(ctx.request());
        if (failedAuth.blocked(address)) {
            failures.limited.increment();
            refuseLater(
                    ctx,
                    new ProblemException(
                            429,
                            "RATE_LIMITED",
                            "Too many requests",
                            "too many failed authentications from this address; retry after the indicated delay",
                            java.util.List.of(),
                            Map.of("Retry-After", "1")));
            return;
        }
        String token = bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            fail(ctx, address, failures.missing, "send an API key as 'Authorization: Bearer <key>'");
            return;
        }
        if (MessageDigest.isEqual(adminKey, token.getBytes(StandardCharsets.UTF_8))) {
            ctx.put(CALLER, Caller.ADMIN);
            ctx.next();
            return;
        }
        if (!ApiKeyHash.couldBeKey(token)) {
            fail(ctx, address, failures.malformed, "the API key is unknown or revoked");
            return;
        }
        String keyHash = ApiKeyHash.of(token);
        Caller known = directory.cachedKey(keyHash);
        if (known == null) {
            known = warmupKey.callerFor(keyHash);
        }
        if (known != null) {
            admit(ctx, address, path, known);
            return;
        }
        Context context = Vertx.currentContext();
        directory
                .findActiveKey(keyHash)
                .subscribe()
                .with(
                        caller -> onContext(context, () -> admit(ctx, address, path, caller)),
                        failure -> onContext(
                                context, () -> EarlyAnswer.send(ctx, json, ProblemMappers.asProblem(failure))));
    }

    private void admit(RoutingContext ctx, String address, String path, Caller caller) {
        if (caller == null) {
            fail(ctx, address, failures.unknown, "the API key is unknown or revoked");
            return;
        }
        // any path of another distributor, existing or not, is 403 (no route is revealed)
        String distributorId = distributorOf(path);
        if (distributorId != null && !distributorId.equals(caller.distributorId())) {
            EarlyAnswer.send(ctx, json, ProblemException.forbidden("this API key belongs to another distributor"));
            return;
        }
        ctx.put(CALLER, caller);
        ctx.next();
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    private void fail(RoutingContext ctx, String address, Counter reason, String detail) {
        failedAuth.failed(address);
        reason.increment();
        refuseLater(ctx, unauthenticated(detail));
    }

    /**
     * Answers a refused authentication after {@code aval.rate-limit.failed-auth-delay}: a timer on
     * the event loop, the request still paused and unread, so the wait costs the service nothing but
     * it holds the client's connection. A client that floods bad keys on a few connections is slowed
     * to a few requests per connection per second and leaves the cores to real callers.
     */
    private void refuseLater(RoutingContext ctx, ProblemException problem) {
        if (failedAuthDelayMillis <= 0) {
            EarlyAnswer.send(ctx, json, problem);
            return;
        }
        ctx.vertx().setTimer(failedAuthDelayMillis, t -> EarlyAnswer.send(ctx, json, problem));
    }

    /**
     * Hands the caller {@link #authenticate} admitted to the request's {@link CurrentCaller}. A
     * {@code /v1} request that reached Quarkus REST without one (a path the route saw differently)
     * is refused, never served as nobody.
     */
    @ServerRequestFilter(preMatching = true)
    public Response adoptCaller(ContainerRequestContext request, RoutingContext routing) {
        if (!request.getUriInfo().getPath().startsWith("/v1")) {
            return null;
        }
        Caller caller = routing.get(CALLER);
        if (caller == null) {
            return Problems.response(unauthenticated("send an API key as 'Authorization: Bearer <key>'"));
        }
        currentCaller.set(caller);
        return null;
    }

    /** The {@code {distributorId}} of a {@code /v1/distributors/{distributorId}[/...]} path, else null. */
    static String distributorOf(String path) {
        String prefix = "/v1/distributors/";
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            return null;
        }
        int end = path.indexOf('/', prefix.length());
        String segment = path.substring(prefix.length(), end < 0 ? path.length() : end);
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        try {
            return java.net.URI.create(segment).getPath(); // percent-decoded, as the route's path parameter
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }

    /**
     * Once the route is known: the rate limit, then tenancy, the distributor's existence and the
     * role. Runs before {@link BodyLimit#AFTER_ACCESS}'s filter: a body is judged only for a caller
     * who may send it.
     */
    @ServerRequestFilter(priority = Priorities.USER)
    public Uni<Response> authorize(ResourceInfo resource, UriInfo uri) {
        Method method = resource.getResourceMethod();
        if (method == null || !uri.getPath().startsWith("/v1")) {
            return CONTINUE;
        }
        return authorize(currentCaller.get(), accessByMethod.computeIfAbsent(method, ApiKeyAccess::accessOf), uri);
    }

    private Uni<Response> authorize(Caller caller, Access access, UriInfo uri) {
        // the warm-up runs the limiter's code but is not limited: it calls at full speed on purpose
        if (!rateLimiter.tryAcquire(caller.keyId()) && !caller.warmup()) {
            return deny(new ProblemException(
                    429,
                    "RATE_LIMITED",
                    "Too many requests",
                    "this API key exceeded its request rate; retry after the indicated delay",
                    java.util.List.of(),
                    Map.of("Retry-After", "1")));
        }
        String distributorId = uri.getPathParameters().getFirst("distributorId");
        if (distributorId != null && !caller.admin() && !distributorId.equals(caller.distributorId())) {
            return deny(ProblemException.forbidden("this API key belongs to another distributor"));
        }
        if (distributorId == null || !access.distributorMustExist() || directory.knownDistributor(distributorId)) {
            return permit(caller, access);
        }
        if (RequestParams.pathViolation("distributorId", distributorId) != null) {
            return CONTINUE; // never looked up: RequestParams, next, answers the 400 naming it
        }
        return directory
                .distributorExists(distributorId)
                .onItem()
                .transformToUni(exists -> exists
                        ? permit(caller, access)
                        : deny(ProblemException.notFound(
                                "DISTRIBUTOR_NOT_FOUND", "distributor '" + distributorId + "' does not exist")));
    }

    private Uni<Response> permit(Caller caller, Access access) {
        if (!caller.may(access.value())) {
            return deny(ProblemException.forbidden("the key's role does not allow this operation"));
        }
        return CONTINUE;
    }

    private static Access accessOf(Method method) {
        Access access = method.getAnnotation(Access.class);
        if (access == null) {
            access = method.getDeclaringClass().getAnnotation(Access.class);
        }
        return access != null ? access : AdminOnly.class.getAnnotation(Access.class);
    }

    private static String bearer(String header) {
        if (header == null
                || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    private static ProblemException unauthenticated(String detail) {
        return new ProblemException(
                401,
                "UNAUTHENTICATED",
                "Unauthenticated",
                detail,
                java.util.List.of(),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    private static Uni<Response> deny(ProblemException problem) {
        return Uni.createFrom().item(Problems.response(problem));
    }

    /** The safe default for an endpoint that forgot {@link Access}. */
    @Access(Permission.ADMIN)
    private static final class AdminOnly {}
}
