package dev.aval.events;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver on loopback (the JDK's server) that records every request and answers as
 * the test says: a status, a redirect, an endless body, or no answer until the test ends.
 */
final class Receiver implements AutoCloseable {

    /** One request as received, and the status it was answered with (0 until answered, -1 if never). */
    static final class Hit {
        final String path;
        final Map<String, String> headers;
        final String body;
        final Instant at;
        volatile int answered;
        /** For a trickled answer: how long the client kept reading before it went away (-1 until it did). */
        volatile long readForMillis = -1;

        Hit(String path, Map<String, String> headers, String body, Instant at) {
            this.path = path;
            this.headers = headers;
            this.body = body;
            this.at = at;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** How to answer. */
    record Answer(int status, boolean hang, String location, boolean endless, boolean trickles) {
        static Answer status(int status) {
            return new Answer(status, false, null, false, false);
        }

        static Answer hangs() {
            return new Answer(0, true, null, false, false);
        }

        static Answer redirect(String location) {
            return new Answer(302, false, location, false, false);
        }

        static Answer endlessBody() {
            return new Answer(200, false, null, true, false);
        }

        /** A 200 whose body comes a byte every 50 ms, until the client goes away or the test ends. */
        static Answer trickle() {
            return new Answer(200, false, null, false, true);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    final List<Hit> hits = new CopyOnWriteArrayList<>();
    volatile Function<Hit, Answer> behaviour = hit -> Answer.status(200);

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Hit> at(String path) {
        return hits.stream().filter(h -> h.path.equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Hit hit = new Hit(exchange.getRequestURI().getPath(), headers, body, Instant.now());
        hits.add(hit);
        Answer answer = behaviour.apply(hit);
        try (exchange) {
            if (answer.hang()) {
                hit.answered = -1;
                closing.await(60, TimeUnit.SECONDS);
                return;
            }
            if (answer.location() != null) {
                exchange.getResponseHeaders().add("Location", answer.location());
            }
            if (answer.trickles()) {
                exchange.sendResponseHeaders(200, 0);
                long start = System.nanoTime();
                try (OutputStream out = exchange.getResponseBody()) {
                    while (!closing.await(50, TimeUnit.MILLISECONDS)) {
                        out.write('x');
                        out.flush();
                    }
                } catch (IOException gone) {
                    hit.readForMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }
                return;
            }
            if (answer.endless()) {
                hit.answered = 200;
                exchange.sendResponseHeaders(200, 0);
                byte[] chunk = "x".repeat(1024).getBytes(StandardCharsets.UTF_8);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 10_240; i++) { // 10 MiB at most: the client stops reading long before
                        out.write(chunk);
                        out.flush();
                    }
                } catch (IOException dropped) {
                    // the client went away: what the test expects
                }
                return;
            }
            hit.answered = answer.status();
            exchange.sendResponseHeaders(answer.status(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
