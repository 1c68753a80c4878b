package dev.aval.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * A problem+json answer from a route handler, before Quarkus REST sees the request (a refused key,
 * a body too large or over the in-flight budget). A body still on its way that is large or of
 * unknown length is not wanted: the connection is closed once the answer is written, instead of
 * reading the rest only to discard it. A small declared body is drained, so the client reads the
 * answer on a connection it may keep.
 */
final class EarlyAnswer {

    /** Declared bodies up to this size are drained after the answer; larger ones close the connection. */
    static final long DRAIN_LIMIT = 64 * 1024;

    private EarlyAnswer() {}

    static void send(RoutingContext ctx, ObjectMapper json, ProblemException problem) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(problem.toProblem());
        } catch (JsonProcessingException e) {
            ctx.fail(problem.status(), e);
            return;
        }
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        problem.headers().forEach(response::putHeader);
        boolean close = unwantedBodyComing(ctx.request());
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        HttpServerRequest request = ctx.request();
        response.end(body).onComplete(sent -> {
            if (close) {
                request.connection().close();
            } else if (!request.isEnded()) {
                request.resume(); // the request was paused unread: drain its end (and a small body) so the connection
                // goes on
            }
        });
    }

    private static boolean unwantedBodyComing(HttpServerRequest request) {
        if (request.isEnded() || request.version() == HttpVersion.HTTP_2) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        }
        try {
            return Long.parseLong(length.trim()) > DRAIN_LIMIT;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
