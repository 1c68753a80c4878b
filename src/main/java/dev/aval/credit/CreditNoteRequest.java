package dev.aval.credit;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Amount;
import dev.aval.platform.RefuseUnknownFields;

@Schema(
        description = "Lowers what is owed on an invoice (goods returned, a discount), at most its unpaid rest.",
        additionalProperties = Schema.False.class)
@RefuseUnknownFields
public record CreditNoteRequest(
        @Schema(example = "50.00") @NotNull @DecimalMin(value = "0.01", message = "must be at least 0.01") @Amount
        BigDecimal amount,

        @Schema(description = "Why (free text), kept on the statement.") @Size(max = 500)
        String reason,

        @Schema(description = "The credit note's own reference (e.g. the return's number), kept on the statement.")
        @Size(max = 200)
        String reference) {}
