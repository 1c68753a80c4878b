package dev.aval.platform;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The kind of a customer's document. {@code OTHER} (foreign ids) is never inferred. */
@Schema(
        description =
                "CPF (11 digits), CNPJ (14 characters, numeric or alphanumeric) or OTHER (foreign id, 1–32 [0-9A-Z]).")
public enum DocumentType {
    CPF,
    CNPJ,
    OTHER
}
