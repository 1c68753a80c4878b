package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.aval.customer.CustomerStatus;
import dev.aval.platform.ProblemException;

/**
 * A credit account as read under its row lock ({@link AccountLockQuery#lock}): its figures, its
 * customer's status, its holders' emails and its distributor's credit settings, with {@code now} read once the lock was held — the
 * instant every rule of this unit of work uses. {@code reserved} is not here: it is read after the
 * lock ({@code credit_reserved}, V12), in the statement that acts on it.
 *
 * @param customerStatus the status of the account's document at the distributor, null when never integrated
 * @param holderEmails the extra holders' emails (the account's own email is {@code email})
 */
record LockedAccount(
        UUID id,
        String distributorId,
        String document,
        String email,
        AccountStatus status,
        BigDecimal creditLimit,
        BigDecimal tolerance,
        BigDecimal outstanding,
        long version,
        CustomerStatus customerStatus,
        List<String> holderEmails,
        boolean blockCreditWhenOverdue,
        int overdueGraceDays,
        Instant now) {

    boolean isOpen() {
        return status == AccountStatus.OPEN;
    }

    /** 409 CREDIT_ACCOUNT_CLOSED. */
    void requireOpen() {
        if (!isOpen()) {
            throw ProblemException.conflict("CREDIT_ACCOUNT_CLOSED", "credit account " + id + " is closed");
        }
    }

    /** 422 CUSTOMER_NOT_APPROVED unless the account's customer is APV (a document never integrated is PEN). */
    void requireApprovedCustomer() {
        if (customerStatus != CustomerStatus.APV) {
            throw ProblemException.unprocessable(
                    "CUSTOMER_NOT_APPROVED",
                    "the customer is " + (customerStatus == null ? "not registered (PEN)" : customerStatus)
                            + "; credit needs APV");
        }
    }

    /** 422 CREDIT_EMAIL_MISMATCH unless the email (when one is given) is the account's or a holder's, ignoring case. */
    void requireEmail(String candidate) {
        if (candidate == null) {
            return;
        }
        String wanted = candidate.strip();
        if (wanted.equalsIgnoreCase(email) || holderEmails.stream().anyMatch(wanted::equalsIgnoreCase)) {
            return;
        }
        throw ProblemException.unprocessable(
                "CREDIT_EMAIL_MISMATCH", "the email is neither the credit account's nor one of its holders'");
    }

    /** {@code creditLimit × (1 + tolerance) − outstanding − reserved} (may be negative). */
    BigDecimal availableWithTolerance(BigDecimal reserved) {
        return Money.availableWithTolerance(creditLimit, tolerance, outstanding, reserved);
    }

    /**
     * What may still be reserved before the ceiling, with nothing reserved yet: the hold statement
     * grants {@code amount} when {@code amount ≤ headroom − reserved} (reserved read after the lock).
     */
    BigDecimal headroom() {
        return availableWithTolerance(Money.ZERO);
    }

    /** The hold rule of domain.md §4: 422 CREDIT_INSUFFICIENT unless the amount fits in availableCreditWithTolerance. */
    void requireCreditFor(BigDecimal amount, BigDecimal reserved) {
        BigDecimal available = availableWithTolerance(reserved);
        if (amount.compareTo(available) > 0) {
            throw insufficient(amount, available);
        }
    }

    static ProblemException insufficient(BigDecimal amount, BigDecimal available) {
        return ProblemException.unprocessable(
                "CREDIT_INSUFFICIENT",
                "credit insufficient: asked " + Money.format(amount) + ", available "
                        + Money.format(available.max(Money.ZERO)));
    }
}
