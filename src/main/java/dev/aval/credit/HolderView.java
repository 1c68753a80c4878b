package dev.aval.credit;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CreditAccountHolder", description = "Another email that may use the account's credit.")
public record HolderView(UUID id, String email) {}
