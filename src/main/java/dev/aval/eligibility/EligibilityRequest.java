package dev.aval.eligibility;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.DocumentType;

@Schema(description = "The checkout question: may this customer buy this cart, and with which methods?")
public record EligibilityRequest(
        @Schema(example = "12345678909") @NotBlank String document,
        @Schema(description = "Inferred from the length when omitted.") DocumentType documentType,
        @Schema(description = "The buyer's email; needed for BOLETO_FATURADO (must be the account's or a holder's).",
                example = "compras@cliente.com.br") @Size(max = 254) String email,
        @Schema(description = "Cart total in BRL, at most 2 decimals.", example = "1500.00")
        @NotNull @DecimalMin(value = "0.00", message = "must not be negative")
        @Digits(integer = 17, fraction = 2, message = "must have at most 2 decimals") BigDecimal cartTotal,
        @Schema(description = "Methods to evaluate; default all four.")
        @Size(min = 1, message = "must not be empty (omit it for all methods)") List<@NotNull PaymentMethod> paymentMethods) {
}
