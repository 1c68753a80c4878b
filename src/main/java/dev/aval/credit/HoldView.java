package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Hold", description = "A pre-authorisation of credit for one order.")
public record HoldView(
        UUID id,
        UUID accountId,
        String orderId,

        @Schema(description = "What is still reserved plus what was captured; captures do not change it.")
        BigDecimal amount,

        @Schema(description = "The sum of its captures; null until the first one.")
        BigDecimal capturedAmount,

        @Schema(
                description = "As of now: an ACTIVE hold past expiresAt is shown EXPIRED (CAPTURED when partly "
                        + "captured).")
        HoldStatus status,

        Instant expiresAt,
        Instant createdAt) {

    static HoldView of(Hold h, Instant now) {
        return new HoldView(
                h.id(),
                h.accountId(),
                h.orderId(),
                Money.of(h.amount()),
                Money.of(h.capturedAmount()),
                h.statusAt(now),
                h.expiresAt(),
                h.createdAt());
    }
}
