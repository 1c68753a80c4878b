package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.aval.platform.ProblemException;

/**
 * A pre-authorisation of credit for one order, as stored (a row of {@code credit_hold}, mapped by
 * {@link HoldRepository}). {@code amount} is what is still reserved plus what was captured; an
 * ACTIVE hold reserves its uncaptured rest until expiresAt. The rules that read only the hold are
 * here; those that need the account run under its lock in {@link HoldService}.
 *
 * @param capturedAmount null until a first capture
 */
record Hold(
        UUID id,
        UUID accountId,
        String orderId,
        BigDecimal amount,
        BigDecimal capturedAmount,
        HoldStatus status,
        Instant expiresAt,
        Instant createdAt) {

    /** What was captured so far (0.00 before any capture). */
    BigDecimal captured() {
        return capturedAmount == null ? Money.ZERO : capturedAmount;
    }

    /** What an ACTIVE hold still reserves: amount − captured. */
    BigDecimal uncaptured() {
        return amount.subtract(captured());
    }

    /**
     * The status as of {@code now}: an ACTIVE hold past expiresAt is EXPIRED from that instant, or
     * CAPTURED if part of it was captured (what was captured stands, the rest is freed).
     */
    HoldStatus statusAt(Instant now) {
        return status == HoldStatus.ACTIVE && !expiresAt.isAfter(now) ? ended() : status;
    }

    /** What an ACTIVE hold becomes when it ends without a final capture: CAPTURED if partly captured. */
    HoldStatus ended() {
        return captured().signum() > 0 ? HoldStatus.CAPTURED : HoldStatus.EXPIRED;
    }

    /** What a release makes of an ACTIVE hold: RELEASED, or CAPTURED if partly captured. */
    HoldStatus released() {
        return captured().signum() > 0 ? HoldStatus.CAPTURED : HoldStatus.RELEASED;
    }

    /** 409 HOLD_NOT_ACTIVE unless ACTIVE at {@code now}. */
    void requireActive(Instant now) {
        HoldStatus current = statusAt(now);
        if (current != HoldStatus.ACTIVE) {
            throw ProblemException.conflict("HOLD_NOT_ACTIVE", "hold " + id + " is " + current);
        }
    }

    /** The captured amount of a capture: all that is still reserved by default; 422 CAPTURE_EXCEEDS_HOLD above it. */
    BigDecimal toCapture(BigDecimal requested) {
        BigDecimal rest = uncaptured();
        BigDecimal asked = requested == null ? rest : Money.of(requested);
        if (asked.compareTo(rest) > 0) {
            throw ProblemException.unprocessable(
                    "CAPTURE_EXCEEDS_HOLD",
                    "capture exceeds what the hold still reserves: " + "asked " + Money.format(asked) + ", reserved "
                            + Money.format(rest));
        }
        return asked;
    }

    /** 422 HOLD_BELOW_CAPTURED when an adjusted amount is below what was already captured. */
    void requireAtLeastCaptured(BigDecimal newAmount) {
        if (newAmount.compareTo(captured()) < 0) {
            throw ProblemException.unprocessable(
                    "HOLD_BELOW_CAPTURED",
                    "the hold cannot go below what was captured: " + "asked " + Money.format(newAmount) + ", captured "
                            + Money.format(captured()));
        }
    }
}
