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
    static final long MULTIPART_SLACK = 64 * 1024;

    @Inject
    ImportConfig config;

    @ServerRequestFilter(priority = Priorities.USER + 100)
    public Response check(ContainerRequestContext request, ResourceInfo resource) {
        if (resource.getResourceClass() != ImportResource.class || !"POST".equals(request.getMethod())) {
            return null;
        }
        boolean multipart = request.getMediaType() != null
                && "multipart".equals(request.getMediaType().getType());
        long max = config.maxFileSize().asLongValue();
        if (tooLarge(request.getHeaderString(HttpHeaders.CONTENT_LENGTH), max, multipart)) {
            return Problems.response(ImportStore.tooLarge(max));
        }
        return null;
    }

    /**
     * Whether a body's Content-Length says it is over {@code max} file bytes (plus the multipart
     * envelope); false without one (counted as it is stored) or when malformed (the HTTP layer
     * refuses it). Also the console's upload ({@code ImportUploadGate}).
     */
    public static boolean tooLarge(String contentLength, long max, boolean multipart) {
        try {
            return contentLength != null
                    && Long.parseLong(contentLength.trim()) > max + (multipart ? MULTIPART_SLACK : 0);
        } catch (NumberFormatException malformed) {
            return false;
        }
    }
}
