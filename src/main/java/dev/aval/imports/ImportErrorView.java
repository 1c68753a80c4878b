package dev.aval.imports;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Problem.FieldError;

/** One failed row of an import. */
@Schema(
        name = "ImportError",
        description = "A failed CSV row: its line (the header is line 1), document as read, and why.")
public record ImportErrorView(int line, String document, List<FieldError> errors) {}
