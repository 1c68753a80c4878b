package dev.aval.credit;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Amount;
import dev.aval.platform.RefuseUnknownFields;

@Schema(
        description = "A payment of an invoice, full (amount omitted) or partial.",
        additionalProperties = Schema.False.class)
@RefuseUnknownFields
public record PaymentRequest(
        @DecimalMin(value = "0.01", message = "must be at least 0.01") @Amount
        BigDecimal amount,

        @Schema(description = "The payment's own reference (e.g. the boleto's number), kept on the statement.")
        @Size(max = 200)
        String reference) {}
