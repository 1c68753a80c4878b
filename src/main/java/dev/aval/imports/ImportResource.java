package dev.aval.imports;

import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.aval.credit.ImportMode;
import dev.aval.platform.Access;
import dev.aval.platform.CurrentCaller;
import dev.aval.platform.Idempotency;
import dev.aval.platform.Page;
import dev.aval.platform.Permission;
import dev.aval.platform.ProblemException;
import dev.aval.platform.QueryParams;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/credit-accounts/imports")
@Tag(name = "Imports", description = "Bulk CSV import of credit accounts: template, upload, jobs, failed rows.")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    static final String CSV = "text/csv";
    private static final String MODE = "What each row may do: CREATE, UPDATE or UPSERT. Required.";
    private static final String DRY_RUN = "Validate and count only; change nothing. Default false.";
    private static final String KEY = "Optional. The same key with the same query and the same file bytes replays the "
            + "first 202 (Idempotent-Replayed: true), creating no second job; with anything else 422 "
            + "IDEMPOTENCY_KEY_REUSED. Kept at least 24 h per (distributor, path).";

    @Inject
    ImportService service;

    @Inject
    CurrentCaller caller;

    @GET
    @Path("template")
    @Produces(CSV)
    @NonBlocking
    @Access(Permission.READ)
    @Operation(
            operationId = "getImportTemplate",
            summary = "Download the CSV template: the header and one example row (UTF-8, no BOM, comma-delimited)")
    public String template(@PathParam("distributorId") String distributorId) {
        return ImportService.TEMPLATE;
    }

    @POST
    @Consumes({CSV, "application/csv", "text/plain", "application/vnd.ms-excel", MediaType.APPLICATION_OCTET_STREAM})
    @Access(Permission.WRITE)
    @Operation(
            operationId = "uploadImport",
            summary = "Upload a CSV file (raw body) as an import job",
            description =
                    "The file is stored in the database (any instance runs the job) and imported asynchronously; poll the Location. "
                            + "Accepts ',' or ';', UTF-8 (with or without BOM) or Windows-1252, quotes, CRLF, decimal comma with ';'.")
    @APIResponse(
            responseCode = "202",
            description = "The QUEUED import; Location points to it",
            content = @Content(schema = @Schema(implementation = ImportView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (mode, dryRun, Idempotency-Key)")
    @APIResponse(
            responseCode = "409",
            description = "IDEMPOTENCY_KEY_IN_USE: the first upload with this key is still being accepted")
    @APIResponse(
            responseCode = "422",
            description = "IDEMPOTENCY_KEY_REUSED: this key was used with another query or file")
    @APIResponse(
            responseCode = "413",
            description = "PAYLOAD_TOO_LARGE: over aval.import.max-file-size (default 50 MiB)")
    @APIResponse(
            responseCode = "429",
            description = "IMPORT_QUEUE_FULL: the distributor has 3 imports queued or running"
                    + " (see Retry-After); or RATE_LIMITED")
    public Uni<Response> upload(
            @PathParam("distributorId") String distributorId,
            @Parameter(description = MODE, required = true, schema = @Schema(implementation = ImportMode.class))
                    @QueryParam("mode")
                    String mode,
            @Parameter(description = DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
                    @QueryParam("dryRun")
                    String dryRun,
            @Parameter(in = ParameterIn.HEADER, description = KEY) @HeaderParam(Idempotency.HEADER) String key,
            InputStream body,
            UriInfo uri) {
        ImportMode parsedMode = mode(mode);
        boolean parsedDryRun = dryRun(dryRun);
        return service.upload(
                distributorId,
                parsedMode,
                parsedDryRun,
                body,
                key,
                uri.getPath(),
                caller.get().actor());
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Access(Permission.WRITE)
    @Operation(
            operationId = "uploadImport",
            summary = "Upload a CSV file (multipart/form-data, field 'file') as an import job; the file name is kept")
    @APIResponse(
            responseCode = "202",
            description = "The QUEUED import; Location points to it",
            content = @Content(schema = @Schema(implementation = ImportView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (mode, dryRun, file missing, Idempotency-Key)")
    @APIResponse(
            responseCode = "409",
            description = "IDEMPOTENCY_KEY_IN_USE: the first upload with this key is still being accepted")
    @APIResponse(
            responseCode = "422",
            description = "IDEMPOTENCY_KEY_REUSED: this key was used with another query or file")
    @APIResponse(
            responseCode = "413",
            description = "PAYLOAD_TOO_LARGE: over aval.import.max-file-size (default 50 MiB)")
    @APIResponse(
            responseCode = "429",
            description = "IMPORT_QUEUE_FULL: the distributor has 3 imports queued or running"
                    + " (see Retry-After); or RATE_LIMITED")
    public Uni<Response> uploadMultipart(
            @PathParam("distributorId") String distributorId,
            @Parameter(description = MODE, required = true, schema = @Schema(implementation = ImportMode.class))
                    @QueryParam("mode")
                    String mode,
            @Parameter(description = DRY_RUN, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
                    @QueryParam("dryRun")
                    String dryRun,
            @Parameter(in = ParameterIn.HEADER, description = KEY) @HeaderParam(Idempotency.HEADER) String key,
            @RestForm("file") @Schema(type = SchemaType.STRING, format = "binary") FileUpload file,
            UriInfo uri) {
        ImportMode parsedMode = mode(mode);
        boolean parsedDryRun = dryRun(dryRun);
        if (file == null) {
            throw ProblemException.validation("file", "send the CSV as the multipart field 'file'");
        }
        return service.upload(
                distributorId,
                parsedMode,
                parsedDryRun,
                file.fileName(),
                file.uploadedFile(),
                key,
                uri.getPath(),
                caller.get().actor());
    }

    @GET
    @Access(Permission.READ_IMPORTS)
    @Operation(operationId = "listImports", summary = "The history of imports, newest first")
    public Uni<Page<ImportView>> history(
            @PathParam("distributorId") String distributorId,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.history(distributorId, limit, cursor);
    }

    @GET
    @Path("{importId}")
    @Access(Permission.READ_IMPORTS)
    @Operation(operationId = "getImport", summary = "One import with its counts and progress")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "IMPORT_NOT_FOUND")
    public Uni<ImportView> get(
            @PathParam("distributorId") String distributorId, @PathParam("importId") String importId) {
        return service.get(distributorId, importId);
    }

    @GET
    @Path("{importId}/errors")
    @Access(Permission.READ_IMPORTS)
    @Operation(
            operationId = "listImportErrors",
            summary = "The failed rows, by line (JSON); with 'Accept: text/csv' a CSV ready to fix and upload again")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "404", description = "IMPORT_NOT_FOUND")
    public Uni<Page<ImportErrorView>> errors(
            @PathParam("distributorId") String distributorId,
            @PathParam("importId") String importId,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.errors(distributorId, importId, limit, cursor);
    }

    @GET
    @Path("{importId}/errors")
    @Produces(CSV)
    @Access(Permission.READ_IMPORTS)
    @Operation(
            operationId = "listImportErrors",
            summary = "The failed rows as CSV: the header as uploaded plus 'error', one line per failed row")
    public Multi<String> errorsCsv(
            @PathParam("distributorId") String distributorId, @PathParam("importId") String importId) {
        // an attachment: a browser following the link saves it instead of showing it
        return RestMulti.fromUniResponse(
                service.errorsCsv(distributorId, importId),
                csv -> csv,
                csv -> java.util.Map.of(
                        "Content-Disposition",
                        java.util.List.of("attachment; filename=\"import-" + importId.replaceAll("[^0-9a-fA-F-]", "")
                                + "-errors.csv\"")));
    }

    private static ImportMode mode(String mode) {
        return QueryParams.requiredEnumOf(ImportMode.class, mode, "mode");
    }

    private static boolean dryRun(String dryRun) {
        return Boolean.TRUE.equals(QueryParams.bool(dryRun, "dryRun"));
    }
}
