package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Amount;
import dev.aval.platform.RefuseUnknownFields;

@Schema(description = "Reserves credit for an order.", additionalProperties = Schema.False.class)
@RefuseUnknownFields
public record HoldRequest(
        @Schema(example = "250.00") @NotNull @DecimalMin(value = "0.01", message = "must be at least 0.01") @Amount
        BigDecimal amount,

        @Schema(example = "PED-2026-0001") @NotBlank @Size(max = 100)
        String orderId,

        @Schema(description = "In the future, at most 30 days away; default 7 days from now.")
        Instant expiresAt,

        @Schema(
                description = "The buyer's email: when given, it must be the account's or a holder's "
                        + "(case-insensitive), else 422 CREDIT_EMAIL_MISMATCH.",
                example = "compras@cliente.com.br")
        @Size(max = 254)
        @Email(regexp = Validation.EMAIL, message = Validation.EMAIL_MESSAGE)
        String email) {}
