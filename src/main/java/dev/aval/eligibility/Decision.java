package dev.aval.eligibility;

import java.util.List;

import dev.aval.customer.CustomerStatus;

/** The policy's answer, before it is worded for a language. */
record Decision(
        CustomerStatus status,
        boolean registered,
        boolean canViewPrices,
        boolean canPurchase,
        List<MethodDecision> methods,
        Snapshot.Credit credit,
        Message message) {

    record MethodDecision(PaymentMethod method, Reason reason) {
        boolean allowed() {
            return reason == null;
        }
    }

    /** The customer-facing message, when the table of domain.md §5 shows one. */
    enum Message {
        REJECTED,
        UNDER_REVIEW
    }
}
