package dev.aval.events;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * One HTTP attempt of a delivery: a POST that follows no redirect, reads at most 4 KiB of the
 * answer and gives up after {@code aval.webhooks.timeout}. Unless private targets are allowed,
 * the host is resolved first and the attempt refused when any of its addresses is loopback,
 * link-local or private; the connection then goes to the address that was checked.
 */
@ApplicationScoped
class WebhookSender {

    static final int MAX_BODY = 4096;
    private static final int MAX_ERROR = 300;

    /** The answer to an attempt: its HTTP status (null when none came) and what went wrong (null when 2xx). */
    record Outcome(Integer status, String error) {
        boolean ok() {
            return error == null;
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    WebhooksConfig config;

    private volatile HttpClient client;

    Uni<Outcome> send(String url, Map<String, String> headers, String body) {
        // one budget for the whole attempt: resolving the host, waiting for a connection, the answer
        long deadline = System.nanoTime() + config.timeout().toNanos();
        URI uri;
        try {
            uri = UrlSafety.parse(url, config.allowHttp());
        } catch (RuntimeException e) {
            return Uni.createFrom().item(new Outcome(null, "refused: the URL is no longer allowed"));
        }
        if (config.allowPrivateTargets()) {
            return post(uri, null, headers, body, deadline);
        }
        return Uni.createFrom()
                .item(() -> resolve(uri.getHost()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(addresses -> {
                    if (addresses == null) {
                        return Uni.createFrom().item(new Outcome(null, "the host does not resolve"));
                    }
                    if (Arrays.stream(addresses).anyMatch(UrlSafety::isPrivate)) {
                        return Uni.createFrom()
                                .item(new Outcome(
                                        null,
                                        "refused: the host resolves to a loopback, link-local or private address"));
                    }
                    return post(uri, addresses[0], headers, body, deadline);
                });
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private Uni<Outcome> post(URI uri, InetAddress address, Map<String, String> headers, String body, long deadline) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(uri.toString())
                .setFollowRedirects(false);
        if (address != null) {
            options.setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()));
        }
        headers.forEach(options::putHeader);
        return Uni.createFrom().emitter(emitter -> attempt(options, body, deadline, emitter));
    }

    /**
     * The request within what is left of the attempt's budget. Once that has run out the attempt
     * is answered as a timeout and nothing more of it may reach the receiver: a request still
     * waiting for a pooled connection then is dropped unsent when it gets one (sent late it would
     * arrive beside the delivery's own retry, out of order and with a stale timestamp).
     */
    private void attempt(RequestOptions options, String body, long deadline, UniEmitter<? super Outcome> emitter) {
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        long timeout = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        // waiting for a connection from the pool is bounded too, not only connecting (a little
        // longer than the timer, which tells the attempt's end as a timeout)
        options.setConnectTimeout(timeout + 50);
        long timer = vertx.setTimer(timeout, t -> {
            if (done.compareAndSet(false, true)) {
                HttpClientRequest r = request.get();
                if (r != null) {
                    r.reset();
                }
                emitter.complete(new Outcome(null, "no answer within " + config.timeout()));
            }
        });
        Runnable cancelTimer = () -> vertx.cancelTimer(timer);
        client().request(options)
                .onFailure(e -> fail(done, cancelTimer, emitter, e))
                .onSuccess(r -> {
                    request.set(r);
                    boolean late = done.get() // the attempt already ended as a timeout: never sent late
                            // a connection that came at the last moment: sent now, the answer would
                            // most likely come after the timeout, and the receiver get the event twice
                            || deadline - System.nanoTime() < config.timeout().toNanos() / 10;
                    if (late) {
                        r.exceptionHandler(unsent -> {}); // the reset's own failure, expected
                        r.reset();
                        return; // the timer answers the attempt as a timeout
                    }
                    r.send(Buffer.buffer(body))
                            .onFailure(e -> fail(done, cancelTimer, emitter, e))
                            .onSuccess(response -> {
                                int status = response.statusCode();
                                Buffer head = Buffer.buffer();
                                Runnable finish = () -> {
                                    if (done.compareAndSet(false, true)) {
                                        cancelTimer.run();
                                        emitter.complete(
                                                status >= 200 && status < 300
                                                        ? new Outcome(status, null)
                                                        : new Outcome(status, "answered " + status + snippet(head)));
                                    }
                                };
                                response.handler(chunk -> {
                                    if (head.length() < MAX_BODY) {
                                        head.appendBuffer(
                                                chunk.length() > MAX_BODY - head.length()
                                                        ? chunk.getBuffer(0, MAX_BODY - head.length())
                                                        : chunk);
                                    }
                                    if (head.length() >= MAX_BODY) {
                                        // read no further: the connection is dropped, the answer stands
                                        finish.run();
                                        r.reset();
                                    }
                                });
                                response.exceptionHandler(e -> finish.run());
                                response.endHandler(v -> finish.run());
                            });
                });
    }

    private static void fail(
            AtomicBoolean done, Runnable cancelTimer, UniEmitter<? super Outcome> emitter, Throwable e) {
        if (done.compareAndSet(false, true)) {
            cancelTimer.run();
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            emitter.complete(new Outcome(null, "connection failed: " + cut(message)));
        }
    }

    private static String snippet(Buffer head) {
        if (head.length() == 0) {
            return "";
        }
        return ": " + cut(head.toString(java.nio.charset.StandardCharsets.UTF_8).strip());
    }

    private static String cut(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "…";
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    int timeout = (int) config.timeout().toMillis();
                    client = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout(timeout)
                            .setKeepAlive(true)
                            .setKeepAliveTimeout(30)
                            .setMaxPoolSize(16)
                            .setForceSni(true)
                            .setVerifyHost(true)
                            .setMaxRedirects(0));
                }
                c = client;
            }
        }
        return c;
    }

    @PreDestroy
    void close() {
        HttpClient c = client;
        if (c != null) {
            c.close();
        }
    }
}
