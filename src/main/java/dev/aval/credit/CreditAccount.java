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
import jakarta.persistence.Transient;

import dev.aval.platform.Document;
import dev.aval.platform.DocumentType;
import dev.aval.platform.Ids;
import dev.aval.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * A credit account of one document at one distributor. {@code outstanding} is kept as a column,
 * changed only while this row is locked; {@code reserved} is always summed from active holds.
 * {@code version} counts changes of the account's own data (limits, email, document, holders,
 * status), not movements of money, so an integrator's If-Match is not defeated by checkouts.
 */
@Entity
@Table(name = "credit_account")
public class CreditAccount extends PanacheEntityBase {

    @Id
    public UUID id;
    public String distributorId;
    public String document;
    @Enumerated(EnumType.STRING)
    public DocumentType documentType;
    public String email;
    @Enumerated(EnumType.STRING)
    public AccountStatus status;
    @Column(precision = 19, scale = 2)
    public BigDecimal creditLimit;
    @Column(precision = 5, scale = 4)
    public BigDecimal tolerance;
    @Column(precision = 19, scale = 2)
    public BigDecimal outstanding;
    public long version;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant closedAt;
    /**
     * When the account's last statement entry is dated: read under the lock (the previous
     * transactions' entries), then advanced by each entry this one builds (not stored).
     */
    @Transient
    Instant lastRecordedAt;

    static CreditAccount open(String distributorId, Document document, String email, BigDecimal creditLimit,
            BigDecimal tolerance, Instant now) {
        CreditAccount a = new CreditAccount();
        a.id = Ids.newId();
        a.distributorId = distributorId;
        a.document = document.value();
        a.documentType = document.type();
        a.email = email;
        a.status = AccountStatus.OPEN;
        a.creditLimit = Money.of(creditLimit);
        a.tolerance = Money.tolerance(tolerance);
        a.outstanding = Money.ZERO;
        a.version = 1;
        a.createdAt = now;
        a.updatedAt = now;
        return a;
    }

    boolean isOpen() {
        return status == AccountStatus.OPEN;
    }

    void requireOpen() {
        if (!isOpen()) {
            throw ProblemException.conflict("CREDIT_ACCOUNT_CLOSED", "credit account " + id + " is closed");
        }
    }

    /** The hold rule of domain.md §4: granted only if the amount fits in availableCreditWithTolerance. */
    void requireCreditFor(BigDecimal amount, BigDecimal reserved) {
        BigDecimal available = Money.availableWithTolerance(creditLimit, tolerance, outstanding, reserved);
        if (amount.compareTo(available) > 0) {
            throw ProblemException.unprocessable("CREDIT_INSUFFICIENT", "credit insufficient: asked "
                    + Money.format(amount) + ", available " + Money.format(available.max(Money.ZERO)));
        }
    }

    void touch(Instant now) {
        version++;
        updatedAt = now;
    }

    void addOutstanding(BigDecimal delta) {
        outstanding = outstanding.add(delta);
    }

    void close(Instant now) {
        requireOpen();
        status = AccountStatus.CLOSED;
        closedAt = now;
        touch(now);
    }
}
