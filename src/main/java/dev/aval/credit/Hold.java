package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.aval.platform.Ids;
import dev.aval.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A pre-authorisation of credit for one order; reserved while ACTIVE and before expiresAt. */
@Entity
@Table(name = "credit_hold")
public class Hold extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID accountId;
    public String orderId;
    @Column(precision = 19, scale = 2)
    public BigDecimal amount;
    @Column(precision = 19, scale = 2)
    public BigDecimal capturedAmount;
    @Enumerated(EnumType.STRING)
    public HoldStatus status;
    public Instant expiresAt;
    public String actor;
    public Instant createdAt;
    public Instant updatedAt;

    static Hold place(UUID accountId, String orderId, BigDecimal amount, Instant expiresAt, String actor, Instant now) {
        Hold h = new Hold();
        h.id = Ids.newId();
        h.accountId = accountId;
        h.orderId = orderId;
        h.amount = Money.of(amount);
        h.status = HoldStatus.ACTIVE;
        h.expiresAt = expiresAt;
        h.actor = actor;
        h.createdAt = now;
        h.updatedAt = now;
        return h;
    }

    /** The status as of {@code now}: an ACTIVE hold past expiresAt is EXPIRED from that instant. */
    HoldStatus statusAt(Instant now) {
        return status == HoldStatus.ACTIVE && !expiresAt.isAfter(now) ? HoldStatus.EXPIRED : status;
    }

    boolean isActiveAt(Instant now) {
        return statusAt(now) == HoldStatus.ACTIVE;
    }

    /** Captures all or part of the hold; returns the uncaptured rest (released). */
    BigDecimal capture(BigDecimal requested, Instant now) {
        requireActive(now);
        BigDecimal captured = requested == null ? amount : Money.of(requested);
        if (captured.compareTo(amount) > 0) {
            throw ProblemException.unprocessable("CAPTURE_EXCEEDS_HOLD", "capture exceeds the hold: asked "
                    + Money.format(captured) + ", held " + Money.format(amount));
        }
        capturedAmount = captured;
        status = HoldStatus.CAPTURED;
        updatedAt = now;
        return amount.subtract(captured);
    }

    void release(Instant now) {
        requireActive(now);
        status = HoldStatus.RELEASED;
        updatedAt = now;
    }

    void expire(Instant now) {
        status = HoldStatus.EXPIRED;
        updatedAt = now;
    }

    private void requireActive(Instant now) {
        HoldStatus current = statusAt(now);
        if (current != HoldStatus.ACTIVE) {
            throw ProblemException.conflict("HOLD_NOT_ACTIVE", "hold " + id + " is " + current);
        }
    }
}
