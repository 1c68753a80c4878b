package dev.aval.distributor;

/** The settings of a distributor that decide eligibility (domain.md §1), as {@link ApiKeyRepository} caches them. */
public record DistributorSettings(
        boolean pendingCustomersCanPurchase, boolean blockCreditWhenOverdue, int overdueGraceDays) {}
