package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Statement", description = "A page of statement entries, oldest first, and totals for the whole range.")
public record StatementView(List<Entry> items, String nextCursor, Totals totals) {

    @Schema(
            name = "StatementEntry",
            description =
                    "One movement. The sign of amount: see the type's description in the README/domain notes "
                            + "(+ on the balance it raises, − on the one it lowers; limit changes carry the change of creditLimit).")
    public record Entry(
            UUID id,
            EntryType type,
            BigDecimal amount,
            BigDecimal outstandingAfter,
            BigDecimal reservedAfter,
            String reference,
            String reason,
            String actor,
            Instant occurredAt) {}

    @Schema(name = "StatementTotals", description = "Over every entry of the requested range (not only this page).")
    public record Totals(
            long entries,

            @Schema(description = "Sum of amount per entry type present in the range.")
            Map<EntryType, BigDecimal> amountByType,

            @Schema(description = "OPENED + LIMIT_CHANGED.") BigDecimal creditLimitChange,

            @Schema(description = "HOLD_CAPTURED + INVOICE_PAID + INVOICE_CREDITED + INVOICE_CANCELLED.")
            BigDecimal outstandingChange,

            @Schema(description = "HOLD_PLACED + HOLD_ADJUSTED + HOLD_RELEASED + HOLD_EXPIRED − HOLD_CAPTURED.")
            BigDecimal reservedChange) {

        static Totals of(long entries, Map<EntryType, BigDecimal> byType) {
            BigDecimal limit = sum(byType, EntryType.OPENED).add(sum(byType, EntryType.LIMIT_CHANGED));
            BigDecimal outstanding = sum(byType, EntryType.HOLD_CAPTURED)
                    .add(sum(byType, EntryType.INVOICE_PAID))
                    .add(sum(byType, EntryType.INVOICE_CREDITED))
                    .add(sum(byType, EntryType.INVOICE_CANCELLED));
            BigDecimal reserved = sum(byType, EntryType.HOLD_PLACED)
                    .add(sum(byType, EntryType.HOLD_ADJUSTED))
                    .add(sum(byType, EntryType.HOLD_RELEASED))
                    .add(sum(byType, EntryType.HOLD_EXPIRED))
                    .subtract(sum(byType, EntryType.HOLD_CAPTURED));
            return new Totals(entries, byType, limit, outstanding, reserved);
        }

        private static BigDecimal sum(Map<EntryType, BigDecimal> byType, EntryType type) {
            return byType.getOrDefault(type, Money.ZERO);
        }
    }
}
