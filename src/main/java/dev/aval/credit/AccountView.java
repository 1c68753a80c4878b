package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.aval.platform.DocumentType;

@Schema(name = "CreditAccount", description = "A credit account and its balances. The ETag header carries version.")
public record AccountView(
        UUID id,
        DocumentType documentType,
        String document,
        String email,
        List<HolderView> holders,
        AccountStatus status,
        @Schema(example = "10000.00") BigDecimal creditLimit,
        @Schema(example = "0.1000") BigDecimal tolerance,

        @Schema(description = "Captured − paid − cancelled invoice amounts.")
        BigDecimal outstanding,

        @Schema(description = "Sum of ACTIVE, unexpired holds.")
        BigDecimal reserved,

        @Schema(description = "creditLimit − outstanding − reserved (negative while tolerance is in use).")
        BigDecimal availableCredit,

        @Schema(description = "creditLimit × (1 + tolerance) − outstanding − reserved.")
        BigDecimal availableCreditWithTolerance,

        @Schema(description = "Changes with the account's own data (not with movements of money).")
        long version,

        Instant createdAt,
        Instant updatedAt,
        Instant closedAt) {

    static AccountView of(CreditAccount a, List<HolderView> holders, BigDecimal reserved) {
        BigDecimal r = Money.of(reserved);
        return new AccountView(
                a.id(),
                a.documentType(),
                a.document(),
                a.email(),
                holders,
                a.status(),
                Money.of(a.creditLimit()),
                Money.tolerance(a.tolerance()),
                Money.of(a.outstanding()),
                r,
                Money.available(a.creditLimit(), a.outstanding(), r),
                Money.availableWithTolerance(a.creditLimit(), a.tolerance(), a.outstanding(), r),
                a.version(),
                a.createdAt(),
                a.updatedAt(),
                a.closedAt());
    }

    String etag() {
        return "\"" + version + "\"";
    }
}
