package dev.aval.customer;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.aval.platform.Ids;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** One applied status change: append-only. */
@Entity
@Table(name = "customer_status_change")
public class CustomerStatusChange extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID customerId;
    @Enumerated(EnumType.STRING)
    public CustomerStatus fromStatus;
    @Enumerated(EnumType.STRING)
    public CustomerStatus toStatus;
    public String reason;
    public Instant occurredAt;
    public Instant recordedAt;
    public String actor;

    static CustomerStatusChange of(UUID customerId, CustomerStatus from, CustomerStatus to, String reason,
            Instant occurredAt, Instant recordedAt, String actor) {
        CustomerStatusChange c = new CustomerStatusChange();
        c.id = Ids.newId();
        c.customerId = customerId;
        c.fromStatus = from;
        c.toStatus = to;
        c.reason = reason;
        c.occurredAt = occurredAt;
        c.recordedAt = recordedAt;
        c.actor = actor;
        return c;
    }
}
