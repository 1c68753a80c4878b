package dev.aval.credit;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.aval.platform.Ids;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Another email that may use the account's credit. */
@Entity
@Table(name = "credit_account_holder")
public class CreditAccountHolder extends PanacheEntityBase {

    @Id
    public UUID id;
    public UUID accountId;
    public String email;
    public Instant createdAt;

    static CreditAccountHolder of(UUID accountId, String email, Instant now) {
        CreditAccountHolder h = new CreditAccountHolder();
        h.id = Ids.newId();
        h.accountId = accountId;
        h.email = email;
        h.createdAt = now;
        return h;
    }
}
