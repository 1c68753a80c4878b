package dev.aval.eligibility;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Amount;
import dev.aval.platform.Bounds;
import dev.aval.platform.DocumentType;
import dev.aval.platform.Problem;

@Schema(description = "The checkout question: may this customer buy this cart, and with which methods?")
public record EligibilityRequest(
        @Schema(example = "12345678909") @NotBlank String document,

        @Schema(description = "Inferred from the length when omitted.")
        DocumentType documentType,

        @Schema(
                description = "The buyer's email; needed for BOLETO_FATURADO (must be the account's or a holder's).",
                example = "compras@cliente.com.br")
        @Size(max = 254)
        String email,

        @Schema(description = "Cart total in BRL, at most 2 decimals.", example = "1500.00")
        @NotNull
        @DecimalMin(value = "0.00", message = "must not be negative")
        @Amount
        BigDecimal cartTotal,

        @Schema(description = "Methods to evaluate; omitted or empty: all four.")
        List<@NotNull PaymentMethod> paymentMethods) {

    /**
     * The same rules as the annotations above (which document them in OpenAPI), checked by hand:
     * this is the checkout hot path, and Hibernate Validator's method interception costs more
     * than the whole policy. Every field error is reported, as Bean Validation would.
     */
    List<Problem.FieldError> violations() {
        List<Problem.FieldError> errors = new java.util.ArrayList<>(0);
        if (document == null || document.isBlank()) {
            errors.add(new Problem.FieldError("document", "must not be blank"));
        }
        if (email != null && email.length() > 254) {
            errors.add(new Problem.FieldError("email", "size must be between 0 and 254"));
        }
        if (cartTotal == null) {
            errors.add(new Problem.FieldError("cartTotal", "must not be null"));
        } else if (cartTotal.signum() < 0) {
            errors.add(new Problem.FieldError("cartTotal", "must not be negative"));
        } else {
            String violation = Bounds.amountViolation(cartTotal);
            if (violation != null) {
                errors.add(new Problem.FieldError("cartTotal", violation));
            }
        }
        if (paymentMethods != null) {
            for (int i = 0; i < paymentMethods.size(); i++) {
                if (paymentMethods.get(i) == null) {
                    errors.add(new Problem.FieldError("paymentMethods[" + i + "]", "must not be null"));
                }
            }
        }
        return errors;
    }
}
