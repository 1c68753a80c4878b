package dev.aval.customer;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.DocumentType;

@Schema(description = "Registers a customer (status PEN). The body is optional.")
public record RegisterCustomerRequest(
        @Schema(description = "Inferred from the length when omitted (11 → CPF, 14 → CNPJ).")
        DocumentType documentType) {}
