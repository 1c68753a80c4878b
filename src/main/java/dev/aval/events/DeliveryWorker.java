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
 * due, and by a periodic fallback. One claim at a time; a full batch (a backlog) makes it claim
 * the next at once, with up to {@code aval.webhooks.batches-in-flight} batches being sent.
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

    /** Batches claimed and not yet sent and recorded: one while deliveries come as events are made, more in a backlog. */
    private final AtomicInteger inFlight = new AtomicInteger();

    /** One claim at a time per instance: concurrent claims would read past each other's locked rows. */
    private final AtomicBoolean claiming = new AtomicBoolean();

    /** Woken since the last claim began: claim again when it ends. */
    private final AtomicBoolean again = new AtomicBoolean();

    /** The last claim came back full: there is a backlog, claim again as soon as a batch may go. */
    private volatile boolean backlog;

    void start(@Observes StartupEvent event) {
        Log.infof("webhook deliveries are claimed as %s", instance);
    }

    void wake() {
        again.set(true);
        claim();
    }

    @Scheduled(
            every = "${aval.webhooks.poll-every:1s}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        wake();
    }

    /** Claims a batch, unless a claim is running or enough batches are in flight (their end calls it again). */
    private void claim() {
        if (inFlight.get() >= config.batchesInFlight() || !claiming.compareAndSet(false, true)) {
            return;
        }
        again.set(false);
        Instant now = now();
        long started = System.nanoTime();
        deliveries
                .claim(now, now.plus(config.lease()), instance, config.batch())
                .subscribe()
                .with(
                        claimed -> {
                            metrics.claimed(System.nanoTime() - started);
                            backlog = claimed.size() >= config.batch();
                            if (!claimed.isEmpty()) {
                                inFlight.incrementAndGet();
                                send(claimed);
                            }
                            claiming.set(false);
                            if (backlog || again.get()) {
                                claim();
                            }
                        },
                        e -> {
                            metrics.claimed(System.nanoTime() - started);
                            Log.warnf("webhook deliveries could not be claimed, will retry: %s", e.toString());
                            claiming.set(false);
                        });
    }

    /** A claimed batch: sent concurrently, its outcomes recorded; then the next claim if there is more. */
    private void send(List<DeliveryRepository.Claimed> claimed) {
        Multi.createFrom()
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
                .subscribe()
                .with(
                        ignored -> {
                            inFlight.decrementAndGet();
                            if (backlog || again.get()) {
                                claim();
                            }
                        },
                        e -> {
                            Log.warnf("webhook deliveries failed, will retry: %s", e.toString());
                            inFlight.decrementAndGet();
                        });
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
        // the secrets rotated away in the last 24 h (as of the claim) sign too, newest first
        for (String previous : c.previousSecrets()) {
            signature += " " + Signatures.sign(previous, c.event().id(), timestamp, body);
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

    /**
     * A silence without failures longer than this ends an endpoint's streak of failures: a whole
     * retry window ({@code give-up-after}, 24 h), so an endpoint with a delivery being retried, or
     * one event a day, keeps its streak going.
     */
    private Duration streakGap() {
        return config.giveUpAfter();
    }

    private Uni<Void> recordFailure(DeliveryRepository.Claimed c, WebhookSender.Outcome outcome) {
        Instant now = now();
        RetrySchedule schedule = new RetrySchedule(config.retryDelays(), config.giveUpAfter());
        Instant next = schedule.next(
                c.windowAttempts(),
                c.retrySince(),
                now,
                ThreadLocalRandom.current().nextDouble());
        return deliveries
                .failed(c, instance, outcome.status(), outcome.error(), next, now, config.disableAfter(), streakGap())
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
