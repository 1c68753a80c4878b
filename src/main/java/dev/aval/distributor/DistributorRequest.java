package dev.aval.distributor;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.OmitToKeep;

@Schema(
        description = "A distributor's name and settings. Omitted settings keep their current value "
                + "(defaults on creation); null is refused (400).")
@OmitToKeep
public record DistributorRequest(
        @Schema(description = "Display name.", example = "Distribuidora Exemplo") @NotBlank @Size(max = 200)
        String name,

        @Schema(description = "Whether PEN (pre-approved) customers may buy with prepaid methods. Default true.")
        Boolean pendingCustomersCanPurchase,

        @Schema(description = "Whether an overdue invoice blocks BOLETO_FATURADO. Default true.")
        Boolean blockCreditWhenOverdue,

        @Schema(description = "Days after the due date before an unpaid invoice counts as overdue, 0–30. Default 3.")
        @Min(0)
        @Max(30)
        Integer overdueGraceDays) {}
