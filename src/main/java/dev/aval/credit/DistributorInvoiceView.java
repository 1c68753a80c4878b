package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.DocumentType;

/** An item of the distributor-wide invoice list: the invoice as {@link InvoiceView} answers it, with its account. */
@Schema(
        name = "DistributorInvoice",
        description = "An invoice in the distributor-wide list (collections), with its account's id and document.")
public record DistributorInvoiceView(
        UUID id,
        UUID accountId,

        @Schema(description = "The account's document, normalised: whom collections calls.")
        String document,

        @Schema(description = "The account's document type (OTHER: a foreign document, kept as sent).")
        DocumentType documentType,

        UUID holdId,
        String orderId,
        @Schema(description = "1-based.") int installment,
        int installments,
        BigDecimal amount,
        BigDecimal paidAmount,

        @Schema(description = "What credit notes took off the invoice.")
        BigDecimal creditedAmount,

        InvoiceStatus status,

        @Schema(description = "Calendar date in America/Sao_Paulo.")
        LocalDate dueDate,

        @Schema(description = "OPEN and dueDate + the distributor's overdueGraceDays is before today.")
        boolean overdue,

        Instant createdAt,
        Instant paidAt) {

    /** What is still owed: {@code amount − paidAmount − creditedAmount} (domain.md §4). */
    public BigDecimal owed() {
        return Invoice.owed(amount, paidAmount, creditedAmount);
    }

    static DistributorInvoiceView of(
            Invoice i, String document, DocumentType documentType, LocalDate today, int graceDays) {
        InvoiceView v = i.view(today, graceDays);
        return new DistributorInvoiceView(
                v.id(),
                v.accountId(),
                document,
                documentType,
                v.holdId(),
                v.orderId(),
                v.installment(),
                v.installments(),
                v.amount(),
                v.paidAmount(),
                v.creditedAmount(),
                v.status(),
                v.dueDate(),
                v.overdue(),
                v.createdAt(),
                v.paidAt());
    }
}
