package dev.aval.credit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Stores holds past their expiresAt as EXPIRED and writes their statement entries
 * ({@code occurredAt = expiresAt}). Balances never wait for it: an ACTIVE hold past expiresAt
 * already stops counting. Safe on several instances: each account is handled under its row lock.
 */
@ApplicationScoped
class HoldSweeper {

    @Inject
    HoldService holds;

    @Inject
    CreditConfig config;

    @Scheduled(
            every = "${aval.credit.sweep-every:30s}",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return holds.sweep(config.sweepBatch())
                .invoke(expired -> {
                    if (expired > 0) {
                        Log.infof("hold sweeper: %d hold(s) expired", expired);
                    }
                })
                .onFailure()
                .invoke(e -> Log.warnf("hold sweeper failed, will retry: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
