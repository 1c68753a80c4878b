package dev.aval.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Sends due webhook deliveries: claims a batch (one instance per delivery, {@link DeliveryRepository}),
 * signs and sends them concurrently ({@link WebhookSender}), records the outcomes (2xx answers
 * together, one statement for those that came within a few milliseconds) and schedules the
 * retries. Woken when events are numbered (on any instance), when one of its retries comes
 * due, and by a periodic fallback; a full batch makes it go on at once, with one more batch in
 * flight (up to {@code aval.webhooks.batches-in-flight}) while the backlog lasts.
 */
@ApplicationScoped
class DeliveryWorker {

    /** The old secret of a rotation keeps signing this long. */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    /** 2xx answers are recorded in one statement per this window (or per batch, if sooner). */
    private static final Duration RECORD_WITHIN = Duration.ofMillis(5);

    @Inject
    DeliveryRepository deliveries;

    @Inject
    WebhookSender sender;

    @Inject
    WebhooksConfig config;

    @Inject
    WebhookMetrics metrics;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    /** Who claims: host and process id, stored with each claim (the two-instance check reads it). */
    private final String instance = host() + ":" + ProcessHandle.current().pid();

    /** Batches in flight: one while deliveries come as they are made, more while a backlog lasts. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicBoolean again = new AtomicBoolean();

    void start(@Observes StartupEvent event) {
        Log.infof("webhook deliveries are claimed as %s", instance);
    }

    void wake() {
        again.set(true);
        if (inFlight.compareAndSet(0, 1)) {
            run();
        }
    }

    @Scheduled(
            every = "${aval.webhooks.poll-every:1s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        wake();
    }

    /** One batch: claimed, sent, recorded; then the next, or the end of this line of batches. */
    private void run() {
        again.set(false);
        Instant now = now();
        deliveries
                .claim(now, now.plus(config.lease()), instance, config.batch())
                .invoke(claimed -> {
                    if (claimed.size() >= config.batch()) {
                        widen();
                    }
                })
                .chain(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().item(0)
                        : Multi.createFrom()
                                .iterable(claimed)
                                .onItem()
                                .transformToUniAndMerge(this::attempt)
                                // successes recorded together as they come, not behind a slow endpoint's attempt
                                .group()
                                .intoLists()
                                .of(config.batch(), RECORD_WITHIN)
                                // the window's ticks do not wait for the recording before them
                                .onOverflow()
                                .bufferUnconditionally()
                                .onItem()
                                .transformToUniAndConcatenate(this::recordSuccesses)
                                .collect()
                                .asList()
                                // the recordings' items are null, which a Multi skips: count what was claimed
                                .map(ignored -> claimed.size()))
                .subscribe()
                .with(this::finished, e -> {
                    Log.warnf("webhook deliveries failed, will retry: %s", e.toString());
                    inFlight.decrementAndGet();
                });
    }

    /** A full batch means a backlog: one more batch in flight, up to the configured number. */
    private void widen() {
        int n = inFlight.get();
        if (n < config.batchesInFlight() && inFlight.compareAndSet(n, n + 1)) {
            run();
        }
    }

    private void finished(int claimed) {
        if (claimed >= config.batch() || again.get()) {
            run();
            return;
        }
        inFlight.decrementAndGet();
        if (again.get() && inFlight.compareAndSet(0, 1)) {
            run();
        }
    }

    /**
     * One attempt: a 2xx answer is returned, to be recorded in one statement with those that came
     * within {@link #RECORD_WITHIN}; a failure is recorded at once (with its endpoint's streak and retry) and gives
     * null, as does a failure to record it (the lease then expires and another attempt follows).
     */
    private Uni<DeliveryRepository.Success> attempt(DeliveryRepository.Claimed c) {
        String body = body(c.event());
        long timestamp = now().getEpochSecond();
        String signature = Signatures.sign(c.secret(), c.event().id(), timestamp, body);
        if (c.previousSecret() != null && c.previousExpiresAt() != null && now().isBefore(c.previousExpiresAt())) {
            signature += " " + Signatures.sign(c.previousSecret(), c.event().id(), timestamp, body);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("user-agent", "Aval-Webhooks/1");
        headers.put("webhook-id", c.event().id());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signature);
        return sender.send(c.url(), headers, body)
                .chain(outcome -> outcome.ok()
                        ? Uni.createFrom().item(new DeliveryRepository.Success(c, outcome.status()))
                        : recordFailure(c, outcome).replaceWith((DeliveryRepository.Success) null))
                .onFailure()
                .invoke(e -> Log.warnf("webhook delivery %s: could not record the attempt: %s", c.id(), e.toString()))
                .onFailure()
                .recoverWithNull();
    }

    /** 2xx answers in one statement (the Multi above skipped the failures' nulls). */
    private Uni<Void> recordSuccesses(List<DeliveryRepository.Success> successes) {
        Instant now = now();
        return deliveries
                .succeeded(successes, instance, now)
                .invoke(recorded -> {
                    for (DeliveryRepository.Success s : successes) {
                        if (recorded.contains(s.delivery().id())) {
                            metrics.succeeded(
                                    Duration.between(s.delivery().event().time(), now));
                        }
                    }
                })
                .onFailure()
                .invoke(e -> Log.warnf(
                        "webhook deliveries: could not record %d successes (their leases expire, they are sent again): %s",
                        successes.size(), e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> recordFailure(DeliveryRepository.Claimed c, WebhookSender.Outcome outcome) {
        Instant now = now();
        RetrySchedule schedule = new RetrySchedule(config.retryDelays(), config.giveUpAfter());
        Instant next = schedule.next(
                c.attempts(), c.retrySince(), now, ThreadLocalRandom.current().nextDouble());
        return deliveries
                .failed(c, instance, outcome.status(), outcome.error(), next, now, config.disableAfter())
                .invoke(disabled -> {
                    metrics.failed(next == null);
                    if (disabled) {
                        Log.warnf(
                                "webhook %s disabled: failing for longer than %s",
                                c.endpointId(), config.disableAfter());
                    }
                    if (next != null) {
                        long millis = Math.max(
                                1, Duration.between(clock.instant(), next).toMillis() + 5);
                        vertx.setTimer(millis, t -> wake());
                    }
                })
                .replaceWithVoid();
    }

    private String body(EventView event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an event", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "aval" : host;
    }
}
