package dev.aval.distributor;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.Role;

@Schema(description = "A new API key: a name for the integration that uses it, and its role.")
public record ApiKeyRequest(
        @Schema(example = "erp-integration") @NotBlank @Size(max = 200)
        String name,

        @NotNull Role role) {}
