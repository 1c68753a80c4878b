package dev.aval.eligibility;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.aval.customer.CustomerStatus;

/**
 * domain.md §5 as a pure function: a snapshot and a cart in, a decision out. Each rule is a
 * named check returning the reason it refuses, or null.
 */
final class EligibilityPolicy {

    private EligibilityPolicy() {}

    static Decision decide(Snapshot snapshot, String email, BigDecimal cartTotal, List<PaymentMethod> methods) {
        boolean registered = snapshot.status() != null;
        CustomerStatus status = registered ? snapshot.status() : CustomerStatus.PEN;
        List<Decision.MethodDecision> decisions = new ArrayList<>(methods.size());
        boolean canPurchase = false;
        for (PaymentMethod method : methods) {
            Reason reason = method.prepaid() ? prepaid(status, snapshot) : onCredit(status, snapshot, email, cartTotal);
            decisions.add(new Decision.MethodDecision(method, reason));
            canPurchase |= reason == null;
        }
        Snapshot.Credit credit = snapshot.credit() != null && snapshot.credit().open() ? snapshot.credit() : null;
        return new Decision(
                status,
                registered,
                status != CustomerStatus.RPV,
                canPurchase,
                decisions,
                credit,
                message(status, snapshot));
    }

    static Reason prepaid(CustomerStatus status, Snapshot snapshot) {
        return switch (status) {
            case RPV -> Reason.CUSTOMER_REJECTED;
            case PEN -> snapshot.pendingCustomersCanPurchase() ? null : Reason.PENDING_PURCHASES_DISABLED;
            case APV -> null;
        };
    }

    static Reason onCredit(CustomerStatus status, Snapshot snapshot, String email, BigDecimal cartTotal) {
        return switch (status) {
            case RPV -> Reason.CUSTOMER_REJECTED;
            case PEN -> Reason.CUSTOMER_NOT_APPROVED;
            case APV -> creditChecks(snapshot, email, cartTotal);
        };
    }

    /** The credit checks in order: the first failing one wins. */
    static Reason creditChecks(Snapshot snapshot, String email, BigDecimal cartTotal) {
        Snapshot.Credit credit = snapshot.credit();
        if (credit == null) {
            return Reason.NO_CREDIT_ACCOUNT;
        }
        if (!credit.open()) {
            return Reason.CREDIT_ACCOUNT_CLOSED;
        }
        if (email == null || email.isBlank()) {
            return Reason.CREDIT_EMAIL_REQUIRED;
        }
        if (!credit.acceptsEmail(email.strip())) {
            return Reason.CREDIT_EMAIL_MISMATCH;
        }
        if (credit.overdue() && snapshot.blockCreditWhenOverdue()) {
            return Reason.CREDIT_OVERDUE;
        }
        if (cartTotal.compareTo(credit.availableCreditWithTolerance()) > 0) {
            return Reason.CREDIT_INSUFFICIENT;
        }
        return null;
    }

    private static Decision.Message message(CustomerStatus status, Snapshot snapshot) {
        if (status == CustomerStatus.RPV) {
            return Decision.Message.REJECTED;
        }
        if (status == CustomerStatus.PEN && !snapshot.pendingCustomersCanPurchase()) {
            return Decision.Message.UNDER_REVIEW;
        }
        return null;
    }
}
