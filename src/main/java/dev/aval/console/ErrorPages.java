package dev.aval.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
        FORBIDDEN(403),
        NOT_FOUND(404),
        UNAVAILABLE(503),
        ERROR(500);

        final int status;

        Kind(int status) {
            this.status = status;
        }

        static Kind of(int status) {
            return switch (status) {
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

    @ServerResponseFilter
    @ConsolePage
    public void asHtml(jakarta.ws.rs.container.ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (response.getStatus() >= 400 && type != null && "problem+json".equals(type.getSubtype())) {
            Kind kind = Kind.of(response.getStatus());
            response.setEntity(render(kind), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
            response.getHeaders().putSingle("Content-Type", "text/html;charset=UTF-8");
        }
    }

    static Response response(String html, int status) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(html).build();
    }
}
