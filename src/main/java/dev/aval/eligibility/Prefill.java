package dev.aval.eligibility;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.aval.platform.SystemClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Fills the eligibility cache with the snapshots of known customers in bulk ({@link
 * EligibilityQuery#MANY}, {@value #CHUNK} documents a round trip), for {@link Warmup} before
 * readiness: reading 100,000 customers one HTTP call each took the whole 20 s warm-up of a slow
 * machine and still left a third of them to the first checkout calls. Each chunk is kept under
 * the cache's own rule, as a checkout's read is: the distributor's ticket is taken before the read
 * and nothing is kept when a change of that distributor was applied meanwhile.
 */
@Singleton
class Prefill {

    static final int CHUNK = 1000;
    /** How long it waits for the cache to follow a distributor's changes before it skips that distributor. */
    private static final long FOLLOW_WAIT_MS = 2000;

    private static final long FOLLOW_POLL_MS = 10;

    @Inject
    EligibilityQuery query;

    @Inject
    EligibilityCache cache;

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    /**
     * Reads the customers' snapshots into the cache, distributor by distributor, until done or
     * {@code deadline} ({@link System#nanoTime()}); completes with how many snapshots it read.
     */
    Future<Integer> fill(List<Warmup.Ask> customers, long deadline) {
        if (!cache.enabled() || customers.isEmpty()) {
            return Future.succeededFuture(0);
        }
        Map<String, List<String>> byDistributor = new LinkedHashMap<>();
        for (Warmup.Ask c : customers) {
            byDistributor
                    .computeIfAbsent(c.distributorId(), d -> new ArrayList<>())
                    .add(c.document());
        }
        Future<Integer> kept = Future.succeededFuture(0);
        for (Map.Entry<String, List<String>> e : byDistributor.entrySet()) {
            kept = kept.compose(
                    sum -> distributor(e.getKey(), e.getValue(), deadline).map(n -> sum + n));
        }
        return kept;
    }

    private Future<Integer> distributor(String distributorId, List<String> documents, long deadline) {
        cache.follow(distributorId);
        return followed(distributorId, System.nanoTime() + FOLLOW_WAIT_MS * 1_000_000)
                .compose(yes -> {
                    Future<Integer> kept = Future.succeededFuture(0);
                    if (!yes) {
                        return kept;
                    }
                    for (int from = 0; from < documents.size(); from += CHUNK) {
                        List<String> chunk = documents.subList(from, Math.min(documents.size(), from + CHUNK));
                        kept = kept.compose(sum -> System.nanoTime() - deadline >= 0
                                ? Future.succeededFuture(sum)
                                : chunk(distributorId, chunk).map(n -> sum + n));
                    }
                    return kept;
                });
    }

    private Future<Integer> chunk(String distributorId, List<String> documents) {
        long ticket = cache.ticket(distributorId);
        if (ticket < 0) {
            return Future.succeededFuture(0);
        }
        Promise<Integer> done = Promise.promise();
        query.readMany(distributorId, documents.toArray(String[]::new), SystemClock.now(clock))
                .subscribe()
                .with(
                        readings -> {
                            readings.forEach(
                                    (document, reading) -> cache.put(distributorId, document, reading, ticket));
                            done.complete(readings.size());
                        },
                        done::fail);
        return done.future();
    }

    /** True once the cache follows the distributor's changes, false when it did not by {@code until}. */
    private Future<Boolean> followed(String distributorId, long until) {
        if (cache.ticket(distributorId) >= 0) {
            return Future.succeededFuture(true);
        }
        if (System.nanoTime() - until >= 0) {
            return Future.succeededFuture(false);
        }
        Promise<Boolean> later = Promise.promise();
        vertx.setTimer(FOLLOW_POLL_MS, t -> followed(distributorId, until).onComplete(later));
        return later.future();
    }
}
