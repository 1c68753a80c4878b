package dev.aval.console;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Before {@link CsrfCheck} reads a console upload's body (up to the HTTP limit, to disk): a
 * VIEWER's upload, or one too large by its Content-Length, is answered on its headers
 * ({@link ImportsPage#refusedBeforeReading}), so neither costs the service a byte of disk.
 */
public class ImportUploadGate {

    /** Looked up per upload: filters are built at start, before the page's configuration is. */
    @Inject
    Instance<ImportsPage> imports;

    @ServerRequestFilter(priority = Priorities.USER - 100)
    @ConsolePage
    public Response check(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceClass() != ImportsPage.class || !"POST".equals(request.getMethod())) {
            return null;
        }
        return imports.get().refusedBeforeReading(request.getHeaderString(HttpHeaders.CONTENT_LENGTH));
    }
}
