package dev.aval.credit;

import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An optional reason, recorded on the statement.")
public record ReasonRequest(@Size(max = 500) String reason) {}
