package dev.aval.credit;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Amount;
import dev.aval.platform.DocumentType;
import dev.aval.platform.OmitToKeep;

@Schema(
        description = "Changes some of an account's fields; omitted fields are left untouched. "
                + "null is refused (400) for every field but reason.")
@OmitToKeep(nullable = "reason")
public record PatchAccountRequest(
        @Size(max = 254) @Email(regexp = Validation.EMAIL, message = Validation.EMAIL_MESSAGE)
        String email,

        DocumentType documentType,
        String document,

        @DecimalMin(value = "0.00", message = "must not be negative") @Amount
        BigDecimal creditLimit,

        @DecimalMin(value = "0", message = Validation.TOLERANCE_MESSAGE)
        @DecimalMax(value = "1", message = Validation.TOLERANCE_MESSAGE)
        @Digits(integer = 1, fraction = 4, message = Validation.TOLERANCE_MESSAGE)
        BigDecimal tolerance,

        @Schema(description = "Recorded on the statement entries this change writes.") @Size(max = 500)
        String reason) {}
