package dev.aval.imports;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import dev.aval.credit.ImportMode;
import dev.aval.platform.Idempotency;
import dev.aval.platform.QueryParams;

/**
 * What an upload takes besides its file, the same for the raw body and the multipart form: the
 * query ({@code mode}, {@code dryRun}), the optional Idempotency-Key and the path the key is kept
 * under.
 */
class UploadQuery {

    private static final String MODE = "What each row may do: CREATE, UPDATE or UPSERT. Required.";
    private static final String DRY_RUN = "Validate and count only; change nothing. Default false.";
    private static final String KEY = "Optional. The same key with the same query and the same file bytes replays the "
            + "first 202 (Idempotent-Replayed: true), creating no second job; with anything else 422 "
            + "IDEMPOTENCY_KEY_REUSED. Kept at least 24 h per (distributor, path).";

    @Parameter(description = MODE, required = true, schema = @Schema(implementation = ImportMode.class))
    @QueryParam("mode")
    String mode;

    @Parameter(description = DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
    @QueryParam("dryRun")
    String dryRun;

    @Parameter(in = ParameterIn.HEADER, description = KEY)
    @HeaderParam(Idempotency.HEADER)
    String key;

    @Context
    UriInfo uri;

    /** The mode, required: a 400 naming {@code mode} without one. */
    ImportMode mode() {
        return QueryParams.requiredEnumOf(ImportMode.class, mode, "mode");
    }

    /** Whether this is a dry run (false unless asked): a 400 naming {@code dryRun} for what is not a boolean. */
    boolean dryRun() {
        return Boolean.TRUE.equals(QueryParams.bool(dryRun, "dryRun"));
    }

    String key() {
        return key;
    }

    String path() {
        return uri.getPath();
    }
}
