package dev.aval.imports;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.aval.platform.Problems;

/**
 * Refuses an upload whose Content-Length is over {@code aval.import.max-file-size} before a
 * byte of it is read (413 PAYLOAD_TOO_LARGE). Runs after authentication and tenancy checks.
 * Bodies without Content-Length are counted while streamed to disk ({@link ImportStore}).
 */
public class ImportSizeFilter {

    /** Room for the multipart envelope (boundaries, part headers) around the file itself. */
    public static final long MULTIPART_SLACK = 64 * 1024;

    @Inject
    ImportConfig config;

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Response check(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceClass() != ImportResource.class || !"POST".equals(request.getMethod())) {
            return null;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        long max = config.maxFileSize().asLongValue();
        boolean multipart = request.getMediaType() != null
                && "multipart".equals(request.getMediaType().getType());
        try {
            if (Long.parseLong(length.trim()) > max + (multipart ? MULTIPART_SLACK : 0)) {
                return Problems.response(ImportStore.tooLarge(max));
            }
        } catch (NumberFormatException ignored) {
            // the HTTP layer rejects a malformed Content-Length
        }
        return null;
    }
}
