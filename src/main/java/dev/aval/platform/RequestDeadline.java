package dev.aval.platform;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A deadline per {@code /v1} request ({@code aval.http.request-timeout}): when nothing has been
 * answered by then — typically a database that accepts connections but no longer replies — the
 * caller gets 503 SERVICE_UNAVAILABLE with {@code Retry-After} instead of hanging. Uploads
 * (the import's media types: {@link #isUpload}) are exempt: their duration depends on the
 * client's bandwidth, and a slow one must not get a 503 while its job is being created.
 */
@Singleton
public class RequestDeadline {

    @Inject
    AvalConfig config;

    @Inject
    ObjectMapper json;

    void register(@Observes Router router) {
        if (config.http().requestTimeout().isZero()) {
            return;
        }
        router.route("/v1/*").order(Integer.MIN_VALUE + 1).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        if (isUpload(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            ctx.next();
            return;
        }
        long millis = config.http().requestTimeout().toMillis();
        long timer = ctx.vertx().setTimer(millis, id -> expire(ctx, millis));
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }

    /** The media types the import endpoint accepts a file as (ImportResource's {@code @Consumes}). */
    private static final Set<String> UPLOADS = Set.of(
            "text/csv",
            "application/csv",
            "text/plain",
            "application/vnd.ms-excel",
            "application/octet-stream",
            "multipart/form-data");

    /**
     * Whether a body of this media type is an upload, exempt from the deadline and streamed by its
     * endpoint instead of held whole ({@link BodyLimit}): one of the import's types, named exactly.
     * Every other type — JSON, and also {@code application/*}, {@code *}{@code /*} or a type no
     * endpoint takes, which Quarkus REST may still hand to a JSON endpoint as compatible — is
     * bounded as JSON is.
     */
    static boolean isUpload(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        return UPLOADS.contains(type);
    }

    private void expire(RoutingContext ctx, long millis) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.headWritten() || response.closed()) {
            return;
        }
        Log.warnf(
                "%s request not answered within %d ms: answering 503",
                ctx.request().method(), millis);
        Problem problem = Problem.of(
                503,
                "SERVICE_UNAVAILABLE",
                "Service unavailable",
                "the request could not be completed in time; retry with backoff",
                List.of());
        try {
            response.setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader("Retry-After", "1")
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException | IllegalStateException e) {
            Log.debug("could not answer an expired request", e);
        }
    }
}
