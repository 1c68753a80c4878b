package dev.aval.platform;

import java.util.List;

/**
 * A failure that maps to one problem {@code code}. Features throw subclasses or use the
 * factories; the message reads like the rule it guards.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final transient java.util.Map<String, String> headers;

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of(), java.util.Map.of());
    }

    public ProblemException(
            int status,
            String code,
            String title,
            String detail,
            List<Problem.FieldError> errors,
            java.util.Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.headers = java.util.Map.copyOf(headers);
    }

    public static ProblemException validation(String field, String message) {
        return new ProblemException(
                400,
                "VALIDATION_FAILED",
                "Validation failed",
                field + ": " + message,
                List.of(new Problem.FieldError(field, message)),
                java.util.Map.of());
    }

    public static ProblemException validation(List<Problem.FieldError> errors) {
        String detail = errors.stream()
                .map(e -> e.field() + ": " + e.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        return new ProblemException(400, "VALIDATION_FAILED", "Validation failed", detail, errors, java.util.Map.of());
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(404, code, "Not found", detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail);
    }

    public static ProblemException unprocessable(String code, String detail) {
        return new ProblemException(422, code, "Request refused by a business rule", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "FORBIDDEN", "Forbidden", detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Problem toProblem() {
        return Problem.of(status, code, title, getMessage(), errors);
    }

    public java.util.Map<String, String> headers() {
        return headers;
    }
}
