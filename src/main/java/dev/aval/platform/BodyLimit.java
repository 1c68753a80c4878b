package dev.aval.platform;

import java.io.ByteArrayInputStream;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Body sizes the JAX-RS layer cannot see in time:
 * <ul>
 * <li>a body whose declared length passes {@code quarkus.http.limits.max-body-size} is refused
 * before anything reads it — as Quarkus's own check does, just before it, but with a problem+json
 * body and a code instead of an empty 413;</li>
 * <li>a {@code /v1} JSON body sent without a length (chunked), with a key, is read here, counted,
 * and refused with 413 once it passes {@code aval.http.max-json-body-size}; read whole, it is
 * handed to Quarkus REST once the route is known;</li>
 * <li>a {@code /v1} JSON body whose declared length passes {@code aval.http.max-json-body-size} is
 * refused with 413 once the route is known and {@link ApiKeyAccess} has let the caller through
 * (api.md's order: key, tenancy, role, then the body).</li>
 * </ul>
 */
@ApplicationScoped // a proxy: Quarkus REST builds its filters at static init, before aval.* config exists
public class BodyLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;
    @Inject
    AvalConfig config;
    @Inject
    ObjectMapper json;

    /** After {@link ApiKeyAccess#authorize} ({@link Priorities#USER}): the body only of a permitted call. */
    static final int AFTER_ACCESS = Priorities.USER + 10;

    private BodyHandler chunkedJson;

    void register(@Observes Router router) {
        chunkedJson = BodyHandler.create(false).setBodyLimit(config.http().maxJsonBodySize());
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::handle);
        router.route("/v1/*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::readChunkedJson)
                .failureHandler(this::chunkedJsonTooLarge);
    }

    void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = maxBodySize.asLongValue();
        if (length == null || !tooLong(length, limit)) {
            ctx.next();
            return;
        }
        refuse(ctx, "request bodies are limited to " + limit + " bytes");
    }

    void readChunkedJson(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        // without a key nothing is read: ApiKeyAccess answers 401 first
        if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) != null || type == null
                || ctx.request().getHeader(HttpHeaders.AUTHORIZATION) == null
                || !type.regionMatches(true, 0, "application/json", 0, "application/json".length())) {
            ctx.next();
            return;
        }
        chunkedJson.handle(ctx); // reads it whole, up to the limit, then ctx.next(); past it ctx.fail(413)
    }

    void chunkedJsonTooLarge(RoutingContext ctx) {
        if (ctx.statusCode() != 413 || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        refuse(ctx, "JSON bodies are limited to " + config.http().maxJsonBodySize() + " bytes");
    }

    /**
     * Once the route is known and access is granted: a chunked JSON body {@link #readChunkedJson}
     * read whole is handed over as it is (Quarkus REST would otherwise read the finished request
     * again, and find nothing past its 10 KiB buffer); a declared JSON length above
     * {@code aval.http.max-json-body-size} is refused.
     */
    @ServerRequestFilter(priority = AFTER_ACCESS)
    public Response limitJson(ContainerRequestContext request, ResourceInfo resource, UriInfo uri, RoutingContext routing) {
        if (resource.getResourceMethod() == null || !uri.getPath().startsWith("/v1")) {
            return null;
        }
        Buffer buffered = routing.body().buffer();
        if (buffered != null) {
            request.setEntityStream(new ByteArrayInputStream(buffered.getBytes()));
        }
        return declaredJsonTooLarge(request);
    }

    private Response declaredJsonTooLarge(ContainerRequestContext request) {
        String length = request.getHeaderString(jakarta.ws.rs.core.HttpHeaders.CONTENT_LENGTH);
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

    private void refuse(RoutingContext ctx, String detail) {
        Problem problem = Problem.of(413, "PAYLOAD_TOO_LARGE", "Payload too large", detail, List.of());
        HttpServerResponse response = ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        boolean http1 = ctx.request().version() != HttpVersion.HTTP_2;
        if (http1) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        try {
            response.end(json.writeValueAsString(problem)).onComplete(sent -> {
                if (http1) {
                    ctx.request().connection().close(); // the rest of the body is not wanted
                }
            });
        } catch (JsonProcessingException e) {
            ctx.fail(413, e);
        }
    }

    private static boolean tooLong(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed length itself
        }
    }
}
