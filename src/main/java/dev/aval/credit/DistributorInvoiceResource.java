package dev.aval.credit;

import java.time.LocalDate;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.aval.platform.Access;
import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.Page;
import dev.aval.platform.Permission;
import dev.aval.platform.QueryParams;
import io.smallrye.mutiny.Uni;

/** The distributor's invoices across its accounts: collections' list (api.md, "Holds, capture, invoices"). */
@Path("/v1/distributors/{distributorId}/invoices")
@Tag(name = "Invoices", description = InvoiceResource.TAG)
@Produces(MediaType.APPLICATION_JSON)
public class DistributorInvoiceResource {

    @Inject
    InvoiceService service;

    @GET
    @Access(Permission.READ)
    @Operation(
            operationId = "listDistributorInvoices",
            summary = "List the distributor's invoices across its accounts, oldest due date first (collections)")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED (status, overdue, dueFrom, dueTo, document, documentType, limit, cursor)")
    public Uni<Page<DistributorInvoiceView>> search(
            @PathParam("distributorId") String distributorId,
            @Parameter(schema = @Schema(implementation = InvoiceStatus.class)) @QueryParam("status") String status,
            @Parameter(
                            description = "true: OPEN and past dueDate + overdueGraceDays",
                            schema = @Schema(type = SchemaType.BOOLEAN))
                    @QueryParam("overdue")
                    String overdue,
            @Parameter(description = "Inclusive.", schema = @Schema(type = SchemaType.STRING, format = "date"))
                    @QueryParam("dueFrom")
                    String dueFrom,
            @Parameter(description = "Inclusive.", schema = @Schema(type = SchemaType.STRING, format = "date"))
                    @QueryParam("dueTo")
                    String dueTo,
            @Parameter(description = "The account's; formatted or not.") @QueryParam("document") String document,
            @Parameter(schema = @Schema(implementation = DocumentType.class)) @QueryParam("documentType")
                    String documentType,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        InvoiceStatus parsedStatus = QueryParams.enumOf(InvoiceStatus.class, status, "status");
        Boolean parsedOverdue = QueryParams.bool(overdue, "overdue");
        LocalDate from = QueryParams.date(dueFrom, "dueFrom");
        LocalDate to = QueryParams.date(dueTo, "dueTo");
        DocumentType type = QueryParams.enumOf(DocumentType.class, documentType, "documentType");
        Document doc = document == null || document.isBlank() ? null : Document.parse(type, document);
        return service.search(distributorId, parsedStatus, parsedOverdue, from, to, doc, limit, cursor);
    }
}
