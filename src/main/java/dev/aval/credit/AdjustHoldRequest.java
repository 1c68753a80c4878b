package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.validation.constraints.DecimalMin;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Amount;
import dev.aval.platform.OmitToKeep;
import dev.aval.platform.RefuseUnknownFields;

@Schema(
        description = "Changes an ACTIVE hold (a cart edited after placement); omitted fields are left as they are, "
                + "null is refused (400).",
        additionalProperties = Schema.False.class)
@RefuseUnknownFields
@OmitToKeep
public record AdjustHoldRequest(
        @Schema(
                description = "The new amount: an increase is checked like a new hold for the difference; "
                        + "never below what was captured.",
                example = "300.00")
        @DecimalMin(value = "0.01", message = "must be at least 0.01")
        @Amount
        BigDecimal amount,

        @Schema(description = "In the future, at most 30 days from now.")
        Instant expiresAt) {}
