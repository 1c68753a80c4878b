package dev.aval.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The console's own error pages. A page that fails with an API problem (another distributor's
 * account id, an unknown import, the database away) answers HTML with the same status, never
 * problem+json.
 */
@ApplicationScoped
public class ErrorPages {

    enum Kind {
        BAD_REQUEST(400),
        FORBIDDEN(403),
        NOT_FOUND(404),
        UNAVAILABLE(503),
        /** Too many password checks at once: the sign-in or setup form is answered this, not "wrong password". */
        BUSY(503),
        ERROR(500);

        final int status;

        Kind(int status) {
            this.status = status;
        }

        static Kind of(int status) {
            return switch (status) {
                case 400 -> BAD_REQUEST;
                case 403 -> FORBIDDEN;
                case 404 -> NOT_FOUND;
                case 503 -> UNAVAILABLE;
                default -> ERROR;
            };
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(Kind kind, int status);
    }

    @Inject
    PageContext page;

    String render(Kind kind) {
        return page.render(Templates.error(kind, kind.status)).render();
    }

    /** The 503 page of a password check that found every hashing permit taken; asked again in a few seconds. */
    Response busy() {
        return Response.fromResponse(response(render(Kind.BUSY), Kind.BUSY.status))
                .header("Retry-After", "5")
                .build();
    }

    /** The 403 page: what a VIEWER gets for a write form or a forged post, in the page's language. */
    Response forbidden() {
        return response(render(Kind.FORBIDDEN), Kind.FORBIDDEN.status);
    }

    /**
     * Not bound to the console's pages only: a console URL no page matches (an unknown sub-path of
     * one) answers 404 before any page is chosen. The status is compared first, so the API pays an
     * int comparison per answer.
     */
    @ServerResponseFilter
    public void asHtml(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400) {
            return;
        }
        MediaType type = response.getMediaType();
        if (type != null
                && "problem+json".equals(type.getSubtype())
                && request.getUriInfo().getPath().startsWith("/console")) {
            Kind kind = Kind.of(response.getStatus());
            response.setEntity(render(kind), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
            response.getHeaders().putSingle("Content-Type", "text/html;charset=UTF-8");
        }
    }

    static Response response(String html, int status) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(html)
                .build();
    }
}
