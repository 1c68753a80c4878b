package dev.aval.credit;

import java.math.BigDecimal;
import java.time.Instant;

import io.smallrye.mutiny.Uni;

/** Appends entries to an account's statement, under the account's lock ({@link AccountLocks#lock}). */
final class StatementWriter {

    private StatementWriter() {
    }

    /**
     * Appends an entry with the account's current outstanding and the given reserved (see {@link #entry}).
     */
    static Uni<StatementEntry> record(CreditAccount account, EntryType type, BigDecimal amount, BigDecimal reservedAfter,
            String reference, String reason, String actor, Instant notBefore) {
        return entry(account, type, amount, reservedAfter, reference, reason, actor, notBefore).persist();
    }

    /**
     * The next entry of the account's statement, with its current outstanding and the given reserved,
     * not yet stored. Built under the account's lock, it is dated now (never before {@code notBefore})
     * and strictly after the account's previous entry (read under the lock, {@code lastRecordedAt}),
     * so "oldest first" is the order in which the movements were applied — also when instances'
     * clocks differ by a few milliseconds (ids are only time-ordered to the millisecond).
     */
    static StatementEntry entry(CreditAccount account, EntryType type, BigDecimal amount, BigDecimal reservedAfter,
            String reference, String reason, String actor, Instant notBefore) {
        Instant at = CreditAccountService.now();
        if (at.isBefore(notBefore)) {
            at = notBefore;
        }
        if (account.lastRecordedAt != null && !at.isAfter(account.lastRecordedAt)) {
            at = account.lastRecordedAt.plusNanos(1_000);
        }
        account.lastRecordedAt = at;
        return StatementEntry.of(account.id, type, amount, account.outstanding, reservedAfter, reference, reason, actor, at);
    }
}
