package dev.aval.eligibility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.aval.platform.Document;
import dev.aval.platform.WarmupKey;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Warms the service up before it reports ready. A JVM runs new code interpreted, then compiled
 * twice; under checkout's load a fresh instance answered 23–39% of its steady throughput in its
 * first 10 s (bench/warmup), the C2 compiler taking the same cores as the calls. So, once the HTTP
 * server listens, the service reads known customers' snapshots into its cache in bulk ({@link
 * Prefill}), then calls its own hot path over loopback until {@code aval.warmup.duration} is over,
 * on {@code aval.warmup.connections}: eligibility about customers of any distributors (three shapes
 * of body; made-up documents fill up to {@value #DOCUMENTS}, so both the database read and the
 * snapshot cache run often) and {@code GET /v1/me}, through the same HTTP parsing, key check,
 * filters, JSON and metrics as a checkout's call. Its keys ({@link WarmupKey}) speak each for one
 * distributor as a CHECKOUT key and are revoked at the end; its answers are not counted in {@code
 * aval_eligibility_decisions_total} (they are in the HTTP server's request metrics); the real
 * customers' snapshots stay in the cache (kept exact like any other), the made-up ones are dropped.
 * Nothing is written. A connection that fails (not an answer: the connection itself) ends its loop. Readiness ({@code /q/health/ready}, check "warm-up") is
 * DOWN meanwhile, so Kubernetes sends no traffic to a cold pod; it turns UP when the warm-up ends,
 * fails, or has not ended a minute after its duration.
 */
@Readiness
@ApplicationScoped
public class Warmup implements HealthCheck {

    static final String CHECK = "warm-up";
    /**
     * Real customers it asks about at most, in turn (the cache's own bounds decide what stays); a
     * first pass reads the database, then the cache answers.
     */
    static final int CUSTOMERS = 100_000;
    /** Documents it asks about at least, made-up ones filling in, so the database read runs often. */
    static final int DOCUMENTS = 20_000;
    /** Nine-digit bases of the made-up CPFs (valid documents, read only; dropped from the cache at the end). */
    static final long FIRST_DOCUMENT = 990_000_000L;

    private static final Duration GRACE = Duration.ofMinutes(1);

    /** What a warm-up did: snapshots read in bulk into the cache, then calls over HTTP. */
    record Result(int prefilled, long calls, long failed, Duration took, String distributorId) {}

    private enum State {
        DISABLED,
        WAITING,
        RUNNING,
        DONE
    }

    @Inject
    WarmupConfig config;

    @Inject
    Vertx vertx;

    @Inject
    WarmupQuery query;

    @Inject
    WarmupKey key;

    @Inject
    EligibilityCache cache;

    @Inject
    Prefill prefill;

    private volatile State state;
    private volatile Result result;

    @PostConstruct
    void init() {
        state = config.enabled() ? State.WAITING : State.DISABLED;
    }

    /** Whatever happens to the HTTP server or the warm-up, readiness waits for it a bounded time. */
    void bound(@Observes StartupEvent event) {
        if (state == State.DISABLED) {
            return;
        }
        vertx.setTimer(config.duration().plus(GRACE).toMillis(), t -> {
            if (state != State.DONE) {
                Log.warn("warm-up: not over a minute after its duration; reporting ready anyway");
                state = State.DONE;
            }
        });
    }

    void onHttpServer(@ObservesAsync HttpServerStart start) {
        if (state != State.WAITING) {
            return;
        }
        state = State.RUNNING;
        String host = start.options().getHost();
        boolean anyAddress = host == null || host.equals("0.0.0.0") || host.equals("::");
        run(anyAddress ? "127.0.0.1" : host, start.options().getPort(), config.duration())
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        Log.warnf("warm-up: stopped early (%s); reporting ready", failure.toString());
                    } else {
                        result = done;
                        Log.infof(
                                "warm-up: %,d snapshots read into the cache, %,d calls in %.1f s (%d failed); reporting ready",
                                done.prefilled(), done.calls(), done.took().toMillis() / 1000.0, done.failed());
                    }
                    state = State.DONE;
                });
    }

    @Override
    public HealthCheckResponse call() {
        State now = state;
        Result done = result;
        var response = HealthCheckResponse.named(CHECK).status(now == State.DONE || now == State.DISABLED);
        response.withData("state", now.name().toLowerCase(java.util.Locale.ROOT));
        if (done != null) {
            response.withData("calls", done.calls()).withData("failed", done.failed());
        }
        return response.build();
    }

    /**
     * Warms this instance at {@code host:port} up for {@code duration} and completes with what it
     * did. First, for at most half the duration, it reads the snapshots of up to {@value #CUSTOMERS}
     * customers of any distributors into the cache in bulk ({@link Prefill}), so that those are in
     * the cache when traffic comes; then, until the duration is over, it calls eligibility about
     * them, so that the answers cover real statuses and accounts, and, when there are fewer than
     * {@value #DOCUMENTS}, about made-up documents of the first distributor up to that many, so that
     * the database read runs often enough for the JIT. No distributor: {@code /v1/me}.
     */
    CompletionStage<Result> run(String host, int port, Duration duration) {
        CompletableFuture<Result> finished = new CompletableFuture<>();
        long startedAt = System.nanoTime();
        query.targets(CUSTOMERS)
                .otherwise(failure -> new Target(null, List.of()))
                .compose(target -> prefill.fill(
                                config.prefill() ? target.asks() : List.<Ask>of(), startedAt + duration.toNanos() / 2)
                        .otherwise(failure -> {
                            Log.warnf("warm-up: could not read snapshots in bulk (%s)", failure.toString());
                            return 0;
                        })
                        .onSuccess(prefilled -> new Run(
                                        host,
                                        port,
                                        startedAt,
                                        duration,
                                        target.madeUpTo(DOCUMENTS),
                                        prefilled,
                                        finished)
                                .start()));
        return finished;
    }

    /** One eligibility call to make: the distributor, the customer's document and its type (null: the default). */
    record Ask(String distributorId, String document, String documentType) {}

    /** Whom the warm-up asks about; {@code distributorId} (null: nobody) also gets the made-up documents. */
    record Target(String distributorId, List<Ask> asks) {
        Target madeUpTo(int count) {
            if (distributorId == null || asks.size() >= count) {
                return this;
            }
            List<Ask> all = new ArrayList<>(asks);
            for (long n = 0; all.size() < count; n++) {
                all.add(new Ask(distributorId, Document.cpf(FIRST_DOCUMENT + n), null));
            }
            return new Target(distributorId, all);
        }
    }

    /** One warm-up: {@code connections} loops of calls, one call at a time each, until the deadline. */
    private final class Run {
        final HttpClient client;
        final Map<String, String> tokens = new HashMap<>();
        final String distributorId;
        final List<Ask> asks;
        final long startedAt;
        final long deadline;
        final int prefilled;
        final AtomicLong calls = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicInteger running;
        final CompletableFuture<Result> finished;

        Run(
                String host,
                int port,
                long startedAt,
                Duration duration,
                Target target,
                int prefilled,
                CompletableFuture<Result> finished) {
            this.client = vertx.createHttpClient(
                    new HttpClientOptions()
                            .setDefaultHost(host)
                            .setDefaultPort(port)
                            .setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(config.connections()));
            this.distributorId = target.distributorId();
            this.asks = target.asks();
            tokens.put(distributorId, key.issue(distributorId));
            for (Ask ask : asks) {
                tokens.computeIfAbsent(ask.distributorId(), key::issue);
            }
            this.startedAt = startedAt;
            this.deadline = startedAt + duration.toNanos();
            this.prefilled = prefilled;
            this.running = new AtomicInteger(config.connections());
            this.finished = finished;
        }

        void start() {
            for (int i = 0; i < config.connections(); i++) {
                next();
            }
        }

        void next() {
            if (System.nanoTime() - deadline >= 0) {
                stop();
                return;
            }
            long n = calls.incrementAndGet();
            call(n).onComplete(answered -> {
                if (answered.failed()) {
                    failed.incrementAndGet();
                    Log.warnf(
                            "warm-up: a connection failed (%s)",
                            answered.cause().toString());
                    stop();
                    return;
                }
                if (answered.result() != 200) {
                    failed.incrementAndGet();
                }
                next();
            });
        }

        void stop() {
            if (running.decrementAndGet() == 0) {
                end();
            }
        }

        /** Call n: eligibility in three shapes of body over the asks, every tenth {@code GET /v1/me}. */
        Future<Integer> call(long n) {
            if (asks.isEmpty() || n % 10 == 0) {
                return send(HttpMethod.GET, "/v1/me", tokens.get(distributorId), null);
            }
            Ask ask = asks.get((int) (n % asks.size()));
            String fields = switch ((int) (n % 3)) {
                case 0 -> ",\"email\":\"warmup@aval.invalid\",\"cartTotal\":1500.00";
                case 1 -> ",\"paymentMethods\":[\"BOLETO_FATURADO\",\"PIX\"],\"cartTotal\":99.90";
                default -> ",\"cartTotal\":10";
            };
            return send(
                    HttpMethod.POST,
                    "/v1/distributors/" + ask.distributorId() + "/eligibility",
                    tokens.get(ask.distributorId()),
                    "{\"document\":\"" + ask.document() + "\""
                            + (ask.documentType() == null ? "" : ",\"documentType\":\"" + ask.documentType() + "\"")
                            + fields + "}");
        }

        Future<Integer> send(HttpMethod method, String path, String token, String body) {
            RequestOptions options = new RequestOptions()
                    .setMethod(method)
                    .setURI(path)
                    .putHeader("Authorization", "Bearer " + token)
                    .putHeader("Accept", "application/json");
            return client.request(options).compose(request -> {
                Future<io.vertx.core.http.HttpClientResponse> sent;
                if (body == null) {
                    sent = request.send();
                } else {
                    request.putHeader("Content-Type", "application/json");
                    sent = request.send(Buffer.buffer(body));
                }
                return sent.compose(response -> response.body().map(ignored -> response.statusCode()));
            });
        }

        void end() {
            key.revoke();
            if (distributorId != null) { // the made-up documents leave the cache; real customers' snapshots stay
                for (long n = 0; n < DOCUMENTS; n++) {
                    cache.drop(distributorId, Document.cpf(FIRST_DOCUMENT + n));
                }
            }
            client.close();
            finished.complete(new Result(
                    prefilled,
                    calls.get(),
                    failed.get(),
                    Duration.ofNanos(System.nanoTime() - startedAt),
                    distributorId));
        }
    }
}
