package dev.aval.customer;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.ChecksOwnText;

@Schema(description = "Up to 1,000 status updates; each item is validated and applied on its own.")
public record BatchStatusRequest(
        @NotNull @Size(min = 1, message = "must contain at least one item")
        List<Item> items) {

    /**
     * Fields are read as text, as sent (NUL characters too), so that one invalid item is REJECTED
     * without failing the batch.
     */
    @Schema(name = "BatchStatusItem")
    @ChecksOwnText
    public record Item(
            @Schema(example = "12345678909") String document,
            @Schema(enumeration = {"PEN", "APV", "RPV"}) String status,
            String reason,

            @Schema(format = "date-time", description = "ISO-8601 instant; default: time of receipt.")
            String occurredAt,

            @Schema(enumeration = {"CPF", "CNPJ", "OTHER"}) String documentType) {}
}
