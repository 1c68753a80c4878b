package dev.aval.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

import io.vertx.ext.web.RoutingContext;

/**
 * Every POST of a console page must echo the token its forms carry ({@link CsrfTokens}: bound to the
 * browser's {@code aval-csrf} cookie and, signed in, to the session) in the form field {@code csrf} —
 * or the {@code X-CSRF-Token} header for the pages' scripts — else 403. A forged form from another
 * site can neither read the cookie nor compute the token.
 */
public class CsrfCheck {

    static final String FIELD = "csrf";
    static final String HEADER = "X-CSRF-Token";

    @Inject
    ErrorPages errors;

    @Inject
    CsrfTokens tokens;

    @ServerRequestFilter(readBody = true)
    @ConsolePage
    public Response check(ContainerRequestContext request, RoutingContext routing) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        String expected = tokens.expected(routing);
        String sent = request.getHeaderString(HEADER);
        if (sent == null) {
            ResteasyReactiveRequestContext context = CurrentRequestManager.get();
            Object field = context == null ? null : context.getFormParameter(FIELD, true, false);
            sent = field instanceof String s ? s : null;
        }
        if (expected != null
                && sent != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return Response.status(403)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(errors.render(ErrorPages.Kind.FORM_EXPIRED))
                .build();
    }
}
