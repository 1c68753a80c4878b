package dev.aval.console;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        description =
                "A console user to create; the answer carries a one-time setup link where the user chooses a password.")
public record ConsoleUserRequest(
        @Schema(example = "ana@distribuidora.com.br") @NotBlank @Size(max = 254) @Email
        String email,

        @Schema(example = "Ana Souza") @NotBlank @Size(max = 200)
        String name,

        @NotNull ConsoleRole role) {}
