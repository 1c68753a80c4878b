package dev.aval.eligibility;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import dev.aval.credit.Money;
import dev.aval.customer.CustomerStatus;

/**
 * Everything the policy needs, read in one query.
 *
 * @param status the stored status, or null when the document was never integrated
 * @param credit the customer's open account (or, without one, its latest closed account), or null
 */
record Snapshot(
        CustomerStatus status, boolean pendingCustomersCanPurchase, boolean blockCreditWhenOverdue, Credit credit) {

    /** Credit figures of one account; {@code reserved} already excludes expired holds. */
    record Credit(
            UUID accountId,
            boolean open,
            String email,
            List<String> holderEmails,
            BigDecimal creditLimit,
            BigDecimal tolerance,
            BigDecimal outstanding,
            BigDecimal reserved,
            boolean overdue) {

        /** The document's accounts are all closed: only that fact matters to the policy. */
        static final Credit CLOSED = new Credit(null, false, null, List.of(), null, null, null, null, false);

        BigDecimal availableCredit() {
            return Money.available(creditLimit, outstanding, reserved);
        }

        /** {@code creditLimit × (1 + tolerance) − outstanding − reserved}, as credit computes it for a hold. */
        BigDecimal availableCreditWithTolerance() {
            return Money.availableWithTolerance(creditLimit, tolerance, outstanding, reserved);
        }

        boolean acceptsEmail(String candidate) {
            if (candidate.equalsIgnoreCase(email)) {
                return true;
            }
            for (String holder : holderEmails) {
                if (candidate.equalsIgnoreCase(holder)) {
                    return true;
                }
            }
            return false;
        }
    }
}
