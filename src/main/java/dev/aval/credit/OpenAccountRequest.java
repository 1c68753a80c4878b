package dev.aval.credit;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Amount;
import dev.aval.platform.DocumentType;

@Schema(description = "Opens a credit account for one document.")
public record OpenAccountRequest(
        @Schema(description = "Inferred from the length when omitted.")
        DocumentType documentType,

        @Schema(example = "12345678909") @NotBlank String document,

        @Schema(
                description = "Mandatory: authenticates the customer's use of the credit.",
                example = "compras@cliente.com.br")
        @NotBlank
        @Size(max = 254)
        @Email(regexp = Validation.EMAIL, message = Validation.EMAIL_MESSAGE)
        String email,

        @Schema(description = "BRL, at least 0, at most 2 decimals.", example = "10000.00")
        @NotNull
        @DecimalMin(value = "0.00", message = "must not be negative")
        @Amount
        BigDecimal creditLimit,

        @Schema(
                description = "Fraction 0–1 allowed above the limit, at most 4 decimals; default 0.",
                example = "0.1000")
        @DecimalMin(value = "0", message = Validation.TOLERANCE_MESSAGE)
        @DecimalMax(value = "1", message = Validation.TOLERANCE_MESSAGE)
        @Digits(integer = 1, fraction = 4, message = Validation.TOLERANCE_MESSAGE)
        BigDecimal tolerance) {}
