package dev.aval.platform;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An RFC 9457 problem detail, always with a stable {@code code}. */
@Schema(name = "Problem", description = "An RFC 9457 problem detail (application/problem+json).")
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection(
        targets = {Problem.class, Problem.FieldError.class}) // built in filters/mappers, not a resource signature
public record Problem(
        @Schema(description = "URI naming the problem type.", example = "https://aval.dev/problems/validation-failed")
        String type,

        @Schema(description = "Short summary of the problem type.", example = "Validation failed")
        String title,

        @Schema(description = "HTTP status code.", example = "400")
        int status,

        @Schema(description = "What went wrong in this request.")
        String detail,

        @Schema(description = "Stable machine-readable code (UPPER_SNAKE).", example = "VALIDATION_FAILED")
        String code,

        @Schema(description = "Field errors, for VALIDATION_FAILED.")
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field. */
    @Schema(name = "FieldError")
    public record FieldError(
            @Schema(description = "The field, by its JSON name.", example = "creditLimit")
            String field,

            @Schema(description = "Why it is invalid.") String message) {}

    public static Problem of(int status, String code, String title, String detail, List<FieldError> errors) {
        String slug = code.toLowerCase().replace('_', '-');
        return new Problem(
                "https://aval.dev/problems/" + slug,
                title,
                status,
                detail,
                code,
                errors == null || errors.isEmpty() ? null : errors);
    }
}
