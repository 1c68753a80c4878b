package dev.aval.imports;

import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.aval.credit.ImportMode;
import dev.aval.platform.Access;
import dev.aval.platform.CurrentCaller;
import dev.aval.platform.Page;
import dev.aval.platform.Permission;
import dev.aval.platform.ProblemException;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/credit-accounts/imports")
@Tag(name = "Imports", description = "Bulk CSV import of credit accounts: template, upload, jobs, failed rows.")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    static final String CSV = "text/csv";
    // what the two uploads (raw body, multipart) answer alike
    private static final String QUEUED = "The QUEUED import; Location points to it";
    private static final String KEY_IN_USE =
            "IDEMPOTENCY_KEY_IN_USE: the first upload with this key is still being accepted";
    private static final String KEY_REUSED = "IDEMPOTENCY_KEY_REUSED: this key was used with another query or file";
    private static final String TOO_LARGE = "PAYLOAD_TOO_LARGE: over aval.import.max-file-size (default 50 MiB)";
    private static final String QUEUE_FULL =
            "IMPORT_QUEUE_FULL: the distributor has 3 imports queued or running (see Retry-After); or RATE_LIMITED";

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
            description = QUEUED,
            content = @Content(schema = @Schema(implementation = ImportView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (mode, dryRun, Idempotency-Key)")
    @APIResponse(responseCode = "409", description = KEY_IN_USE)
    @APIResponse(responseCode = "422", description = KEY_REUSED)
    @APIResponse(responseCode = "413", description = TOO_LARGE)
    @APIResponse(responseCode = "429", description = QUEUE_FULL)
    public Uni<Response> upload(
            @PathParam("distributorId") String distributorId, @BeanParam UploadQuery query, InputStream body) {
        return service.upload(
                distributorId,
                query.mode(),
                query.dryRun(),
                body,
                query.key(),
                query.path(),
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
            description = QUEUED,
            content = @Content(schema = @Schema(implementation = ImportView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (mode, dryRun, file missing, Idempotency-Key)")
    @APIResponse(responseCode = "409", description = KEY_IN_USE)
    @APIResponse(responseCode = "422", description = KEY_REUSED)
    @APIResponse(responseCode = "413", description = TOO_LARGE)
    @APIResponse(responseCode = "429", description = QUEUE_FULL)
    public Uni<Response> uploadMultipart(
            @PathParam("distributorId") String distributorId,
            @BeanParam UploadQuery query,
            @RestForm("file") @Schema(type = SchemaType.STRING, format = "binary") FileUpload file) {
        ImportMode mode = query.mode();
        boolean dryRun = query.dryRun();
        if (file == null) {
            throw ProblemException.validation("file", "send the CSV as the multipart field 'file'");
        }
        return service.upload(
                distributorId,
                mode,
                dryRun,
                file.fileName(),
                file.uploadedFile(),
                query.key(),
                query.path(),
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
}
