package dev.aval.credit;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Another email that may use the account's credit.")
public record HolderRequest(
        @NotBlank @Size(max = 254) @Email(regexp = Validation.EMAIL, message = Validation.EMAIL_MESSAGE)
        String email) {}
