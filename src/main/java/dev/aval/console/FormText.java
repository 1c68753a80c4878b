package dev.aval.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

import dev.aval.platform.Bounds;

/**
 * A console form's text as PostgreSQL can keep it, checked once for every form after
 * {@link CsrfCheck}: a field holding the NUL character (no browser types one; text columns cannot
 * store it) is the 400 page naming the field, before any page reads the form — as the API's
 * bodies are ({@code StrictBodyFields}). Files are the importer's to read.
 */
public class FormText {

    @Inject
    ErrorPages errors;

    @ServerRequestFilter(readBody = true, priority = Priorities.USER + 10)
    @ConsolePage
    public Response check(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod())) {
            return null;
        }
        ResteasyReactiveRequestContext context = CurrentRequestManager.get();
        FormData form = context == null ? null : context.getFormData();
        if (form == null) {
            return null;
        }
        for (String field : form) {
            for (FormValue value : form.get(field)) {
                if (!value.isFileItem() && Bounds.hasNul(value.getValue())) {
                    return errors.badForm(field);
                }
            }
        }
        return null;
    }
}
