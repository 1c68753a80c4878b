package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CreditNote", description = "A credit note: what it took off the invoice.")
public record CreditNoteView(
        UUID id, UUID invoiceId, BigDecimal amount, String reason, String reference, Instant createdAt) {}
