package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.aval.platform.DocumentType;
import dev.aval.platform.ProblemException;

/**
 * A credit account of one document at one distributor, as {@link AccountRepository} reads it.
 * {@code outstanding} is a column changed only under the account row's lock; {@code reserved} is
 * not here: it is {@code credit_reserved} (V12), read with the account. {@code version} counts
 * changes of the account's own data (limits, email, document, holders, status), not movements of
 * money, so an integrator's If-Match is not defeated by checkouts.
 */
record CreditAccount(
        UUID id,
        String distributorId,
        String document,
        DocumentType documentType,
        String email,
        AccountStatus status,
        BigDecimal creditLimit,
        BigDecimal tolerance,
        BigDecimal outstanding,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant closedAt) {

    boolean isOpen() {
        return status == AccountStatus.OPEN;
    }

    /** 409 CREDIT_ACCOUNT_CLOSED. */
    void requireOpen() {
        if (!isOpen()) {
            throw ProblemException.conflict("CREDIT_ACCOUNT_CLOSED", "credit account " + id + " is closed");
        }
    }

    /** 412 VERSION_MISMATCH unless {@code ifMatch} is absent, {@code *} or names the current version. */
    void requireVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("\"" + version + "\"") || t.equals(Long.toString(version))) {
                return;
            }
        }
        throw new ProblemException(
                412,
                "VERSION_MISMATCH",
                "Precondition failed",
                "the account changed: it is at version " + version + ", If-Match was " + ifMatch
                        + "; read it again and retry");
    }

    /** The account with its own data changed: one version more per field that changed ({@code changes}). */
    CreditAccount changed(
            String newEmail,
            String newDocument,
            DocumentType newType,
            BigDecimal newLimit,
            BigDecimal newTolerance,
            int changes,
            Instant now) {
        return new CreditAccount(
                id,
                distributorId,
                newDocument,
                newType,
                newEmail,
                status,
                newLimit,
                newTolerance,
                outstanding,
                version + changes,
                createdAt,
                now,
                closedAt);
    }

    /** The account after a change of its holders: one version more. */
    CreditAccount touched(Instant now) {
        return new CreditAccount(
                id,
                distributorId,
                document,
                documentType,
                email,
                status,
                creditLimit,
                tolerance,
                outstanding,
                version + 1,
                createdAt,
                now,
                closedAt);
    }

    CreditAccount closed(Instant now) {
        requireOpen();
        return new CreditAccount(
                id,
                distributorId,
                document,
                documentType,
                email,
                AccountStatus.CLOSED,
                creditLimit,
                tolerance,
                outstanding,
                version + 1,
                createdAt,
                now,
                now);
    }
}
