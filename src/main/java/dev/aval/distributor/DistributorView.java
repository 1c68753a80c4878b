package dev.aval.distributor;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Distributor", description = "A distributor (tenant) and its settings.")
public record DistributorView(
        @Schema(example = "acme") String id,
        String name,
        boolean pendingCustomersCanPurchase,
        boolean blockCreditWhenOverdue,
        int overdueGraceDays,
        Instant createdAt,
        Instant updatedAt) {}
