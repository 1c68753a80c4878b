package dev.aval.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * signs and sends them concurrently ({@link WebhookSender}), records each outcome and schedules
 * the retry. Woken when events are numbered (on any instance), when one of its retries comes
 * due, and by a periodic fallback; a full batch makes it go on at once.
 */
@ApplicationScoped
class DeliveryWorker {

    /** The old secret of a rotation keeps signing this long. */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

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

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    void start(@Observes StartupEvent event) {
        Log.infof("webhook deliveries are claimed as %s", instance);
    }

    void wake() {
        again.set(true);
        if (running.compareAndSet(false, true)) {
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

    private void run() {
        again.set(false);
        Instant now = now();
        deliveries
                .claim(now, now.plus(config.lease()), instance, config.batch())
                .chain(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().item(0)
                        : Multi.createFrom()
                                .iterable(claimed)
                                .onItem()
                                .transformToUniAndMerge(this::attempt)
                                .collect()
                                .asList()
                                // the attempts' items are null, which a Multi skips: count what was claimed
                                .map(ignored -> claimed.size()))
                .subscribe()
                .with(this::finished, e -> {
                    Log.warnf("webhook deliveries failed, will retry: %s", e.toString());
                    running.set(false);
                });
    }

    private void finished(int claimed) {
        if (claimed >= config.batch() || again.get()) {
            run();
            return;
        }
        running.set(false);
        if (again.get() && running.compareAndSet(false, true)) {
            run();
        }
    }

    /** One attempt, its outcome recorded; never fails (a failure to record leaves the lease to expire). */
    private Uni<Void> attempt(DeliveryRepository.Claimed c) {
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
                .chain(outcome -> record(c, outcome))
                .onFailure()
                .invoke(e -> Log.warnf("webhook delivery %s: could not record the attempt: %s", c.id(), e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Void> record(DeliveryRepository.Claimed c, WebhookSender.Outcome outcome) {
        Instant now = now();
        if (outcome.ok()) {
            return deliveries
                    .succeeded(c, instance, outcome.status(), now)
                    .invoke(recorded -> {
                        if (recorded) {
                            metrics.succeeded(Duration.between(c.event().time(), now));
                        }
                    })
                    .replaceWithVoid();
        }
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
