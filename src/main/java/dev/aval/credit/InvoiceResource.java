package dev.aval.credit;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.aval.platform.Access;
import dev.aval.platform.CurrentCaller;
import dev.aval.platform.Page;
import dev.aval.platform.Permission;
import dev.aval.platform.QueryParams;
import io.smallrye.mutiny.Uni;

@Path("/v1/distributors/{distributorId}/credit-accounts/{accountId}/invoices")
@Tag(name = "Invoices", description = InvoiceResource.TAG)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InvoiceResource {

    static final String TAG =
            "Captured credit in installments: list (per account, or the distributor's for collections), "
                    + "read, pay, credit, postpone, cancel.";

    @Inject
    InvoiceService service;

    @Inject
    CurrentCaller caller;

    @GET
    @Access(Permission.READ)
    @Operation(operationId = "listInvoices", summary = "List the account's invoices, by status and/or overdue")
    @APIResponse(responseCode = "200", description = "OK")
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (status, overdue, limit, cursor)")
    @APIResponse(responseCode = "404", description = CreditAccountResource.NOT_FOUND)
    public Uni<Page<InvoiceView>> list(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @Parameter(schema = @Schema(implementation = InvoiceStatus.class)) @QueryParam("status") String status,
            @Parameter(
                            description = "true: OPEN and past dueDate + overdueGraceDays",
                            schema = @Schema(type = SchemaType.BOOLEAN))
                    @QueryParam("overdue")
                    String overdue,
            @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return service.list(
                distributorId,
                UUID.fromString(accountId),
                QueryParams.enumOf(InvoiceStatus.class, status, "status"),
                QueryParams.bool(overdue, "overdue"),
                limit,
                cursor);
    }

    @GET
    @Path("/{invoiceId}")
    @Access(Permission.READ)
    @Operation(operationId = "getInvoice", summary = "Get one of the account's invoices")
    @APIResponse(
            responseCode = "200",
            description = "The invoice",
            content = @Content(schema = @Schema(implementation = InvoiceView.class)))
    @APIResponse(
            responseCode = "404",
            description = "CREDIT_ACCOUNT_NOT_FOUND; INVOICE_NOT_FOUND (also another account's)")
    public Uni<InvoiceView> get(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @PathParam("invoiceId") String invoiceId) {
        return service.get(distributorId, UUID.fromString(accountId), UUID.fromString(invoiceId));
    }

    @POST
    @Path("/{invoiceId}/payments")
    @Access(Permission.WRITE)
    @Operation(operationId = "payInvoice", summary = "Pay an invoice, in full (amount omitted) or in part")
    @APIResponse(
            responseCode = "200",
            description = "The invoice after the payment (PAID once nothing is owed)",
            content = @Content(schema = @Schema(implementation = InvoiceView.class)))
    @APIResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED (amount, reference, Idempotency-Key, accountId, invoiceId)")
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; INVOICE_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "INVOICE_NOT_OPEN; IDEMPOTENCY_KEY_IN_USE")
    @APIResponse(responseCode = "422", description = "PAYMENT_EXCEEDS_INVOICE; IDEMPOTENCY_KEY_REUSED")
    public Uni<Response> pay(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @PathParam("invoiceId") String invoiceId,
            @BeanParam KeyedWrite write,
            @Valid PaymentRequest request) {
        return service.pay(
                distributorId,
                UUID.fromString(accountId),
                UUID.fromString(invoiceId),
                write.key(),
                write.path(),
                request,
                caller.get().actor());
    }

    @POST
    @Path("/{invoiceId}/credit-notes")
    @Access(Permission.WRITE)
    @Operation(
            operationId = "creditInvoice",
            summary = "Credit an invoice (goods returned, a discount): lowers what is owed, at most its unpaid rest")
    @APIResponse(
            responseCode = "201",
            description = "The credit note",
            content = @Content(schema = @Schema(implementation = CreditNoteView.class)))
    @APIResponse(
            responseCode = "400",
            description = "VALIDATION_FAILED (amount, reason, reference, Idempotency-Key, accountId, invoiceId)")
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; INVOICE_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "INVOICE_NOT_OPEN; IDEMPOTENCY_KEY_IN_USE")
    @APIResponse(responseCode = "422", description = "CREDIT_NOTE_EXCEEDS_INVOICE; IDEMPOTENCY_KEY_REUSED")
    public Uni<Response> credit(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @PathParam("invoiceId") String invoiceId,
            @BeanParam KeyedWrite write,
            @Valid @NotNull CreditNoteRequest request) {
        return service.credit(
                distributorId,
                UUID.fromString(accountId),
                UUID.fromString(invoiceId),
                write.key(),
                write.path(),
                request,
                caller.get().actor());
    }

    @POST
    @Path("/{invoiceId}/postpone")
    @Access(Permission.WRITE)
    @Operation(operationId = "postponeInvoice", summary = "Move an open invoice's due date later")
    @APIResponse(
            responseCode = "200",
            description = "The invoice with its new due date (overdue follows it)",
            content = @Content(schema = @Schema(implementation = InvoiceView.class)))
    @APIResponse(responseCode = "400", description = "VALIDATION_FAILED (dueDate, reason, accountId, invoiceId)")
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; INVOICE_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "INVOICE_NOT_OPEN")
    @APIResponse(responseCode = "422", description = "DUE_DATE_NOT_LATER")
    public Uni<InvoiceView> postpone(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @PathParam("invoiceId") String invoiceId,
            @Valid @NotNull PostponeRequest request) {
        return service.postpone(
                distributorId,
                UUID.fromString(accountId),
                UUID.fromString(invoiceId),
                request,
                caller.get().actor());
    }

    @POST
    @Path("/{invoiceId}/cancel")
    @Access(Permission.WRITE)
    @Operation(operationId = "cancelInvoice", summary = "Cancel an invoice: its unpaid rest leaves outstanding")
    @APIResponse(
            responseCode = "200",
            description = "The invoice, CANCELLED",
            content = @Content(schema = @Schema(implementation = InvoiceView.class)))
    @APIResponse(responseCode = "404", description = "CREDIT_ACCOUNT_NOT_FOUND; INVOICE_NOT_FOUND")
    @APIResponse(responseCode = "409", description = "INVOICE_NOT_OPEN")
    public Uni<InvoiceView> cancel(
            @PathParam("distributorId") String distributorId,
            @PathParam("accountId") String accountId,
            @PathParam("invoiceId") String invoiceId,
            @Valid ReasonRequest request) {
        return service.cancel(
                distributorId,
                UUID.fromString(accountId),
                UUID.fromString(invoiceId),
                request == null ? null : request.reason(),
                caller.get().actor());
    }
}
