package dev.aval.distributor;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A distributor (tenant) and its settings. */
@Entity
@Table(name = "distributor")
public class Distributor extends PanacheEntityBase {

    @Id
    public String id;
    public String name;
    public boolean pendingCustomersCanPurchase;
    public boolean blockCreditWhenOverdue;
    public int overdueGraceDays;
    public Instant createdAt;
    public Instant updatedAt;

    static Distributor create(String id, DistributorRequest request, Instant now) {
        Distributor d = new Distributor();
        d.id = id;
        d.pendingCustomersCanPurchase = true;
        d.blockCreditWhenOverdue = true;
        d.overdueGraceDays = 3;
        d.createdAt = now;
        d.apply(request, now);
        return d;
    }

    /** Applies the given settings; omitted optional settings keep their current value. */
    void apply(DistributorRequest request, Instant now) {
        name = request.name().strip();
        if (request.pendingCustomersCanPurchase() != null) {
            pendingCustomersCanPurchase = request.pendingCustomersCanPurchase();
        }
        if (request.blockCreditWhenOverdue() != null) {
            blockCreditWhenOverdue = request.blockCreditWhenOverdue();
        }
        if (request.overdueGraceDays() != null) {
            overdueGraceDays = request.overdueGraceDays();
        }
        updatedAt = now;
    }
}
