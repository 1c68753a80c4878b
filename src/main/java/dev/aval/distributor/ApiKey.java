package dev.aval.distributor;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.aval.platform.Role;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A distributor's API key, stored only as its SHA-256 hash. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {

    @Id
    public UUID id;

    public String distributorId;
    public String name;

    @Enumerated(EnumType.STRING)
    public Role role;

    public String keyHash;
    public String keyPrefix;
    public Instant createdAt;
    public Instant revokedAt;

    boolean revoke(Instant now) {
        if (revokedAt != null) {
            return false;
        }
        revokedAt = now;
        return true;
    }
}
