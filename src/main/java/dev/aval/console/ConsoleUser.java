package dev.aval.console;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A person of one distributor who signs in to the console. */
@Entity
@Table(name = "console_user")
public class ConsoleUser extends PanacheEntityBase {

    @Id
    public UUID id;

    public String distributorId;
    /** Lower-cased: an email signs in alone, so it is unique across distributors. */
    public String email;

    public String name;

    @Enumerated(EnumType.STRING)
    public ConsoleRole role;

    @Enumerated(EnumType.STRING)
    public ConsoleUserStatus status;

    String passwordHash;
    String setupTokenHash;
    public Instant setupExpiresAt;
    Instant sessionsValidAfter;
    public Instant createdAt;
    public Instant lastLoginAt;

    /** A session signed in at {@code signedInAt} still counts: the user is active and has not been reset since. */
    boolean acceptsSessionFrom(Instant signedInAt) {
        return status == ConsoleUserStatus.ACTIVE && !signedInAt.isBefore(sessionsValidAfter);
    }

    void issueSetupToken(String tokenHash, Instant expiresAt) {
        setupTokenHash = tokenHash;
        setupExpiresAt = expiresAt;
    }

    boolean setupTokenValid(Instant now) {
        return setupTokenHash != null && status != ConsoleUserStatus.DISABLED && now.isBefore(setupExpiresAt);
    }

    /** The chosen password replaces any earlier one, and every earlier session ends. */
    void choosePassword(String hash, Instant now) {
        passwordHash = hash;
        setupTokenHash = null;
        setupExpiresAt = null;
        status = ConsoleUserStatus.ACTIVE;
        sessionsValidAfter = now;
    }

    /** A password reset: a new link, no password until one is chosen there, every session ended. */
    void resetPassword(String tokenHash, Instant expiresAt, Instant now) {
        issueSetupToken(tokenHash, expiresAt);
        passwordHash = null;
        status = ConsoleUserStatus.INVITED;
        sessionsValidAfter = now;
    }

    void disable(Instant now) {
        status = ConsoleUserStatus.DISABLED;
        setupTokenHash = null;
        setupExpiresAt = null;
        sessionsValidAfter = now;
    }

    void endSessions(Instant now) {
        sessionsValidAfter = now;
    }
}
