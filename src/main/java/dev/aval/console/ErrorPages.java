package dev.aval.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import dev.aval.platform.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The console's own error pages. A page that fails with an API problem (another distributor's
 * account id, an unknown import, the database away) answers HTML with the same status, never
 * problem+json.
 */
@ApplicationScoped
public class ErrorPages {

    /** What went wrong, as the analyst needs to hear it: each kind has its own title, text and way back. */
    public enum Kind {
        BAD_REQUEST(400),
        /** A form field the database could not keep (a NUL character): {@link FormText}. */
        BAD_FORM(400),
        /** A VIEWER at a write form, or its forged post. */
        FORBIDDEN(403),
        /** A post without this session's CSRF token: typically a form left open across a sign-out. */
        FORM_EXPIRED(403),
        NOT_FOUND(404),
        ACCOUNT_NOT_FOUND(404),
        IMPORT_NOT_FOUND(404),
        INVOICE_NOT_FOUND(404),
        UNAVAILABLE(503),
        /** Too many password checks at once: the sign-in or setup form is answered this, not "wrong password". */
        BUSY(503),
        /** A sign-in from a network past its failures while every check is taken ({@link SignInAddresses}). */
        TOO_MANY_ATTEMPTS(429),
        ERROR(500);

        final int status;

        Kind(int status) {
            this.status = status;
        }

        /** The kind of an API problem a console page failed with: its code when the console names it. */
        static Kind of(int status, String code) {
            return switch (status) {
                case 400 -> BAD_REQUEST;
                case 403 -> FORBIDDEN;
                case 404 ->
                    switch (code == null ? "" : code) {
                        case "CREDIT_ACCOUNT_NOT_FOUND" -> ACCOUNT_NOT_FOUND;
                        case "IMPORT_NOT_FOUND" -> IMPORT_NOT_FOUND;
                        case "INVOICE_NOT_FOUND" -> INVOICE_NOT_FOUND;
                        default -> NOT_FOUND;
                    };
                case 503 -> UNAVAILABLE;
                default -> ERROR;
            };
        }

        /** The menu entry the page sits under when signed in ("" for none). */
        public String nav() {
            return switch (this) {
                case IMPORT_NOT_FOUND -> "imports";
                case INVOICE_NOT_FOUND -> "billing";
                case ACCOUNT_NOT_FOUND -> "accounts";
                default -> "";
            };
        }

        /** Where the page's button leads: the list the missing thing is looked for in, or the form again. */
        public String back(PageContext page) {
            return switch (this) {
                case IMPORT_NOT_FOUND -> "/console/imports";
                case INVOICE_NOT_FOUND -> "/console/invoices";
                case FORM_EXPIRED, BAD_FORM -> page.here();
                case BUSY, TOO_MANY_ATTEMPTS -> "/console/login";
                default -> "/console/accounts";
            };
        }
    }

    @CheckedTemplate
    static class Templates {
        /** Signed out (sign-in, setup link): the bare card. */
        static native TemplateInstance error(Kind kind, String field);

        /** Signed in: inside the console's frame, menu and all, so the way on is one click. */
        static native TemplateInstance signedIn(Kind kind, String nav, String field);
    }

    @Inject
    PageContext page;

    String render(Kind kind) {
        return render(kind, null);
    }

    /** The page of the kind; {@code field} names the form field it is about, if any. */
    private String render(Kind kind, String field) {
        TemplateInstance template =
                page.knownSignedIn() ? Templates.signedIn(kind, kind.nav(), field) : Templates.error(kind, field);
        return page.render(template).render();
    }

    /** The 400 page of a form whose field the database could not keep. */
    Response badForm(String field) {
        return response(render(Kind.BAD_FORM, field), Kind.BAD_FORM.status);
    }

    /** The 503 page of a password check that found every hashing permit taken; asked again in a few seconds. */
    Response busy() {
        return Response.fromResponse(response(render(Kind.BUSY), Kind.BUSY.status))
                .header("Retry-After", "5")
                .build();
    }

    /** The 429 page of a sign-in from a network past its failures while every password check is taken. */
    Response tooManyAttempts() {
        return Response.fromResponse(response(render(Kind.TOO_MANY_ATTEMPTS), Kind.TOO_MANY_ATTEMPTS.status))
                .header("Retry-After", "60")
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
            String code = response.getEntity() instanceof Problem problem ? problem.code() : null;
            Kind kind = Kind.of(response.getStatus(), code);
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
