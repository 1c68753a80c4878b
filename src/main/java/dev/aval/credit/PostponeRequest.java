package dev.aval.credit;

import java.time.LocalDate;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.RefuseUnknownFields;

@Schema(description = "Moves an OPEN invoice's due date later.", additionalProperties = Schema.False.class)
@RefuseUnknownFields
public record PostponeRequest(
        @Schema(
                description = "The new due date (America/Sao_Paulo), later than the current one.",
                example = "2027-01-15")
        @NotNull
        LocalDate dueDate,

        @Schema(description = "Why (free text), kept on the statement.") @Size(max = 500)
        String reason) {}
