package dev.aval.platform;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A body whose declared length passes {@code quarkus.http.limits.max-body-size} is refused before
 * anything reads it — as Quarkus's own check does, just before it, but with a problem+json body
 * and a code instead of an empty 413. (JSON bodies have their own, smaller limit: {@link AccessFilter}.)
 */
@Singleton
public class BodyLimit {

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;
    @Inject
    ObjectMapper json;

    void register(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long limit = maxBodySize.asLongValue();
        if (length == null || !tooLong(length, limit)) {
            ctx.next();
            return;
        }
        Problem problem = Problem.of(413, "PAYLOAD_TOO_LARGE", "Payload too large",
                "request bodies are limited to " + limit + " bytes", List.of());
        try {
            ctx.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(json.writeValueAsString(problem))
                    .onComplete(sent -> ctx.request().connection().close()); // the rest of the body is not wanted
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
