package dev.aval.customer;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.aval.platform.Problem;

@Schema(name = "BatchStatusResult", description = "One result per item, in input order.")
public record BatchResultView(List<Result> results) {

    @Schema(name = "BatchStatusItemResult")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(
            @Schema(description = "0-based position in the request.")
            int index,

            String document,
            Outcome outcome,

            @Schema(description = "The customer's status after this item (absent when REJECTED).")
            CustomerStatus status,

            @Schema(description = "Why the item was REJECTED.")
            List<Problem.FieldError> errors) {}
}
