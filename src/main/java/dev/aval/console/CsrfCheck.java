package dev.aval.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

import io.vertx.ext.web.RoutingContext;

/**
 * Every POST of a console page must echo the browser's CSRF token (the {@code aval-csrf} cookie
 * {@link ConsoleEdge} set) in the form field {@code csrf} — or the {@code X-CSRF-Token} header for
 * the pages' scripts — else 403. A forged form from another site cannot read the cookie, so it
 * cannot send the value.
 */
public class CsrfCheck {

    static final String FIELD = "csrf";
    static final String HEADER = "X-CSRF-Token";

    @Inject
    ErrorPages errors;

    @ServerRequestFilter(readBody = true)
    @ConsolePage
    public Response check(ContainerRequestContext request, RoutingContext routing) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        String expected = routing.get(ConsoleEdge.CSRF_TOKEN);
        String sent = request.getHeaderString(HEADER);
        if (sent == null) {
            ResteasyReactiveRequestContext context = CurrentRequestManager.get();
            Object field = context == null ? null : context.getFormParameter(FIELD, true, false);
            sent = field instanceof String s ? s : null;
        }
        if (expected != null && sent != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                sent.getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(errors.render(ErrorPages.Kind.FORBIDDEN)).build();
    }
}
