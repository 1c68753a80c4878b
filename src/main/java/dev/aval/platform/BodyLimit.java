package dev.aval.platform;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBufInputStream;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Request bodies, only ever after {@link ApiKeyAccess#authenticate} has accepted the key (its route
 * runs first, on the headers alone; until then the request stays paused and nothing of the body is
 * read):
 * <ul>
 * <li>a body whose declared length passes {@code quarkus.http.limits.max-body-size} is refused
 * before anything reads it — as Quarkus's own check does, just before it, but with a problem+json
 * body and a code instead of an empty 413;</li>
 * <li>every {@code /v1} JSON body held in memory counts against one budget for the whole instance
 * ({@link BodyBudget}, {@code aval.http.max-body-bytes-in-flight}) and against its distributor's
 * share of it ({@code aval.http.max-body-bytes-in-flight-per-distributor}): a declared length is reserved
 * before Quarkus REST reads it, a chunked body chunk by chunk as this class reads it; past the
 * budget the caller gets 503 SERVICE_UNAVAILABLE with {@code Retry-After}, and the bytes come back
 * when the request ends;</li>
 * <li>a chunked JSON body is read here, counted, and refused with 413 once it passes
 * {@code aval.http.max-json-body-size}; read whole, it is handed to Quarkus REST once the route is
 * known;</li>
 * <li>a JSON body whose declared length passes {@code aval.http.max-json-body-size} is refused with
 * 413 once the route is known and {@link ApiKeyAccess} has let the caller through (api.md's order:
 * key, tenancy, role, then the body).</li>
 * </ul>
 * Uploads (the import's media types, named exactly: {@link RequestDeadline#isUpload}) are streamed
 * by their endpoint, never held whole, and are not counted here; any other body is bounded as JSON,
 * whatever its type says ({@code application/*} reaches a JSON endpoint as compatible).
 */
@ApplicationScoped // a proxy: Quarkus REST builds its filters at static init, before aval.* config exists
public class BodyLimit {

    /** Route order of the body handlers: just before Quarkus's own upload limit; the key's route runs before. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;
    /** Where a chunked JSON body read whole waits for Quarkus REST. */
    static final String BODY = "aval.json-body";

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    @Inject
    AvalConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    BodyBudget budget;

    /** After {@link ApiKeyAccess#authorize} ({@link Priorities#USER}): the body only of a permitted call. */
    static final int AFTER_ACCESS = Priorities.USER + 10;

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::handle);
        router.route("/v1/*").order(ORDER).handler(this::holdJson);
    }

    void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = maxBodySize.asLongValue();
        if (length == null || !tooLong(length, limit)) {
            ctx.next();
            return;
        }
        EarlyAnswer.send(
                ctx,
                json,
                new ProblemException(
                        413,
                        "PAYLOAD_TOO_LARGE",
                        "Payload too large",
                        "request bodies are limited to " + limit + " bytes"));
    }

    void holdJson(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || RequestDeadline.isUpload(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            ctx.next();
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            reserveDeclared(ctx, length);
        } else if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            readChunked(ctx);
        } else {
            ctx.next();
        }
    }

    /** Quarkus REST reads a declared body itself: its length is reserved until the request ends. */
    private void reserveDeclared(RoutingContext ctx, String length) {
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            ctx.next(); // the HTTP codec refuses a malformed length itself
            return;
        }
        if (bytes <= 0 || bytes > config.http().maxJsonBodySize()) {
            ctx.next(); // nothing to hold, or refused with 413 by limitJson before it is read
            return;
        }
        String owner = owner(ctx);
        if (!budget.tryReserve(owner, bytes)) {
            EarlyAnswer.send(ctx, json, busy());
            return;
        }
        ctx.addEndHandler(done -> budget.release(owner, bytes));
        ctx.next();
    }

    /** Reads a chunked body whole, counting each chunk against the size limit and the budget. */
    private void readChunked(RoutingContext ctx) {
        long limit = config.http().maxJsonBodySize();
        ChunkedBody body = new ChunkedBody();
        String owner = owner(ctx);
        ctx.addEndHandler(done -> budget.release(owner, body.reserved));
        HttpServerRequest request = ctx.request();
        request.handler(chunk -> {
            if (body.refused) {
                return;
            }
            int bytes = chunk.length();
            if (body.buffer.length() + bytes > limit) {
                body.refused = true;
                EarlyAnswer.send(ctx, json, tooLarge(limit));
            } else if (!budget.tryReserve(owner, bytes)) {
                body.refused = true;
                EarlyAnswer.send(ctx, json, busy());
            } else {
                body.reserved += bytes;
                body.buffer.appendBuffer(chunk);
            }
        });
        request.endHandler(done -> {
            if (!body.refused) {
                ctx.put(BODY, body.buffer);
                ctx.next();
            }
        });
    }

    /**
     * Whose share of the budget a body takes: its distributor's (all its keys together), or the
     * admin's; {@link ApiKeyAccess#authenticate} has admitted the caller before any body is held.
     */
    private static String owner(RoutingContext ctx) {
        Caller caller = ctx.get(ApiKeyAccess.CALLER);
        if (caller == null || caller.distributorId() == null) {
            return caller != null && caller.admin() ? "admin" : "";
        }
        return "distributor:" + caller.distributorId();
    }

    private static final class ChunkedBody {
        final Buffer buffer = Buffer.buffer();
        long reserved;
        boolean refused;
    }

    /**
     * Once the route is known and access is granted: a chunked JSON body {@link #readChunked} read
     * whole is handed over as it is (Quarkus REST would otherwise read the finished request again,
     * and find nothing); a declared JSON length above {@code aval.http.max-json-body-size} is
     * refused.
     */
    @ServerRequestFilter(priority = AFTER_ACCESS)
    public Response limitJson(
            ContainerRequestContext request, ResourceInfo resource, UriInfo uri, RoutingContext routing) {
        if (resource.getResourceMethod() == null || !uri.getPath().startsWith("/v1")) {
            return null;
        }
        Buffer held = routing.get(BODY);
        if (held != null) {
            request.setEntityStream(new ByteBufInputStream(held.getByteBuf()));
        }
        return declaredJsonTooLarge(request);
    }

    private Response declaredJsonTooLarge(ContainerRequestContext request) {
        String length = request.getHeaderString(jakarta.ws.rs.core.HttpHeaders.CONTENT_LENGTH);
        if (length == null
                || RequestDeadline.isUpload(request.getHeaderString(jakarta.ws.rs.core.HttpHeaders.CONTENT_TYPE))) {
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
        return new ProblemException(
                413, "PAYLOAD_TOO_LARGE", "Payload too large", "JSON bodies are limited to " + limit + " bytes");
    }

    private static ProblemException busy() {
        return new ProblemException(
                503,
                "SERVICE_UNAVAILABLE",
                "Service unavailable",
                "too many request bodies are being received; retry with backoff",
                List.of(),
                Map.of("Retry-After", "1"));
    }

    private static boolean tooLong(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP codec refuses a malformed length itself
        }
    }
}
