package dev.aval.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * The {@code Secure} flag ConsoleEdge adds outside dev (behind a TLS-terminating ingress), on a
 * real Vert.x server: the session cookie the browser sent is never written back (it would lose
 * {@code HttpOnly}, {@code SameSite} and {@code Path}); the one Quarkus renews, with its path, is.
 * The service's tests run on plain HTTP with the flag off, which is why this one starts its own server.
 */
class SecureSessionCookieTest {

    private static final String SESSION = "aval-console";
    private static Vertx vertx;
    private static HttpServer server;
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        ConsoleEdge edge = new ConsoleEdge();
        edge.config = new SecureConfig();
        edge.sessionCookie = SESSION;
        Router router = Router.router(vertx);
        edge.install(router);
        // what Quarkus's form mechanism does when it renews the session: a new cookie, with its path
        router.route("/console/renewed").handler(c -> {
            c.response()
                    .addCookie(Cookie.cookie(SESSION, "renewed")
                            .setPath("/")
                            .setHttpOnly(true)
                            .setSameSite(CookieSameSite.STRICT));
            c.response().end("ok");
        });
        router.route("/console/*").handler(c -> c.response().end("ok"));
        server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0)
                .toCompletionStage()
                .toCompletableFuture()
                .get();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    @Test
    void theCookieTheBrowserSentIsNotWrittenBack() throws Exception {
        List<String> sessionCookies = sessionCookies("/console/accounts");
        assertEquals(List.of(), sessionCookies, "a plain signed-in page sets no session cookie");
    }

    @Test
    void theRenewedCookieGetsSecureAndKeepsItsAttributes() throws Exception {
        List<String> sessionCookies = sessionCookies("/console/renewed");
        assertEquals(1, sessionCookies.size(), sessionCookies.toString());
        String renewed = sessionCookies.get(0);
        assertTrue(renewed.startsWith(SESSION + "=renewed"), renewed);
        for (String attribute : List.of("Path=/", "Secure", "HTTPOnly", "SameSite=Strict")) {
            assertTrue(renewed.toLowerCase().contains(attribute.toLowerCase()), attribute + " in " + renewed);
        }
    }

    private static List<String> sessionCookies(String path) throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                        .header("Cookie", SESSION + "=from-the-browser; aval-csrf=" + "a".repeat(43))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(SESSION + "="))
                .toList();
    }

    /** The production default: cookies marked Secure. */
    private static final class SecureConfig implements ConsoleConfig {
        public Optional<String> baseUrl() {
            return Optional.empty();
        }

        public Optional<String> sessionKey() {
            return Optional.empty();
        }

        public Duration setupLinkTtl() {
            return Duration.ofHours(72);
        }

        public Duration sessionAbsoluteTimeout() {
            return Duration.ofHours(12);
        }

        public int signInMaxFailures() {
            return 5;
        }

        public Duration signInWindow() {
            return Duration.ofMinutes(15);
        }

        public int signInFailuresPerAddress() {
            return 30;
        }

        public boolean secureCookies() {
            return true;
        }
    }
}
