package dev.aval.eligibility;

import java.util.List;
import java.util.UUID;

/**
 * What one eligibility read learned about a document: the policy's {@link Snapshot}, the ids of
 * every account of the document (the OPEN one and the CLOSED ones, whose invoices still count for
 * "overdue"), by which changes to them find this reading in the cache, and the instant (epoch
 * milliseconds) from which the clock alone changes it — a hold passing its {@code expiresAt}, an
 * invoice becoming overdue — or {@link #NEVER}.
 */
record Reading(Snapshot snapshot, List<UUID> accounts, long changesAt) {

    static final long NEVER = Long.MAX_VALUE;

    /** True while the clock alone has not changed what was read. */
    boolean holdsAt(long epochMillis) {
        return epochMillis < changesAt;
    }

    /** A rough count of the bytes this reading and its cache key hold, for the cache's byte bound. */
    int weight(String distributorId, String document) {
        // the key and its strings, Caffeine's node, the reading and its snapshot (object headers and fields)
        int bytes = 280 + 2 * (distributorId.length() + document.length()) + 56 * accounts.size();
        Snapshot.Credit credit = snapshot.credit();
        if (credit != null && credit.open()) {
            bytes += 200 + (credit.email() == null ? 0 : 2 * credit.email().length());
            for (String holder : credit.holderEmails()) {
                bytes += 56 + 2 * holder.length();
            }
        }
        return bytes;
    }
}
