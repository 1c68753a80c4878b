package dev.aval.customer;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.aval.platform.DocumentType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A customer of one distributor, identified by its normalised document. */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    @Id
    public UUID id;
    public String distributorId;
    public String document;
    @Enumerated(EnumType.STRING)
    public DocumentType documentType;
    @Enumerated(EnumType.STRING)
    public CustomerStatus status;
    public String statusReason;
    public Instant statusOccurredAt;
    /** False while the status is the PEN of registration: no decision yet, so none is stale against it. */
    public boolean statusDecided = true;
    public Instant createdAt;
    public Instant updatedAt;

    /**
     * Applies a status update under the ordering rule and returns its outcome; on APPLIED the
     * caller records the history row. UNCHANGED still advances {@code statusOccurredAt}, so a
     * later-arriving older change stays stale.
     */
    Outcome changeStatus(CustomerStatus next, String reason, Instant occurredAt, Instant now) {
        Outcome outcome = StatusOrdering.decide(status, statusDecided ? statusOccurredAt : null, next, occurredAt);
        switch (outcome) {
            case APPLIED -> {
                status = next;
                statusReason = reason;
                statusOccurredAt = occurredAt;
                statusDecided = true;
                updatedAt = now;
            }
            case UNCHANGED -> {
                if (!statusDecided || occurredAt.isAfter(statusOccurredAt)) {
                    statusOccurredAt = occurredAt;
                    statusDecided = true;
                    updatedAt = now;
                }
            }
            default -> {
            }
        }
        return outcome;
    }
}
