package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        name = "Invoice",
        description = "One installment of a captured hold. What is owed on it is "
                + "amount − paidAmount − creditedAmount; PAID once nothing is.")
public record InvoiceView(
        UUID id,
        UUID accountId,
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
}
