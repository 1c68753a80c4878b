package dev.aval.credit;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.aval.platform.Amount;
import dev.aval.platform.RefuseUnknownFields;

@Schema(description = "Settles all or part of a hold into invoices.", additionalProperties = Schema.False.class)
@RefuseUnknownFields
public record CaptureRequest(
        @Schema(description = "Default: all the hold still reserves.")
        @DecimalMin(value = "0.01", message = "must be at least 0.01")
        @Amount
        BigDecimal amount,

        @Schema(description = "1–12, default 1.") @Min(1) @Max(12)
        Integer installments,

        @Schema(
                description = "Days from today (São Paulo) to the first due date, −365…365, default 30; "
                        + "the next ones are due every 30 days.")
        @Min(-365)
        @Max(365)
        Integer firstDueInDays,

        @Schema(
                name = "final",
                description = "Default true: the rest of the hold is released. false keeps it reserved "
                        + "for later captures (split shipments); the hold stays ACTIVE.")
        @JsonProperty("final")
        Boolean isFinal) {

    /** A final capture unless {@code "final": false}. */
    boolean releasesRest() {
        return isFinal == null || isFinal;
    }
}
