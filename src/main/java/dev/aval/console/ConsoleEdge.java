package dev.aval.console;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What every {@code /console} response gets before anything else runs (before authentication):
 * the security headers of console.md, {@code no-store} for pages, the browser's CSRF token
 * (a random value in an {@code HttpOnly}, {@code SameSite=Lax} cookie, which every form echoes
 * in a hidden field: {@link CsrfCheck}), and {@code Secure} on the console's cookies outside dev.
 * Lax, not Strict: browsers withhold a Strict cookie when the console is opened from a link on
 * another site (a ticket, an email), so the page would get a new token and every form already open
 * in other tabs would be refused with what was typed in it; a Lax cookie still never comes with
 * another site's POST, and signed in the token is bound to the session as well.
 */
@Singleton
public class ConsoleEdge {

    static final String CSRF_COOKIE = "aval-csrf";
    /** The page a signed-out GET asked for, opened again after sign-in ({@link SignInPage}). */
    static final String RETURN_COOKIE = "aval-return";
    /** Quarkus's form challenge cookie ({@code quarkus.http.auth.form.location-cookie}, its default). */
    static final String QUARKUS_LOCATION_COOKIE = "quarkus-redirect-location";
    /** Longer addresses are not remembered (a cookie is small; a console address never is that long). */
    static final int MAX_RETURN = 1024;

    static final String CSRF_TOKEN = "aval.console.csrf";
    /** Scripts, styles and images only from the service itself; no inline script, no framing. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String FORM_POST_LOCATION = "/console/j_security_check";
    /** Before Quarkus's authentication (order -200), so even the sign-in page and its redirects carry them. */
    private static final int ORDER = -250;

    @Inject
    ConsoleConfig config;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name")
    String sessionCookie;

    void install(@Observes Router router) {
        router.route("/console*").order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response();
        if (context.normalizedPath().endsWith(FORM_POST_LOCATION)) {
            // Quarkus's own form sign-in handler (it answers any path ending so): never used (the
            // sign-in page checks CSRF and throttling first), so never reachable either
            response.setStatusCode(404).end();
            return;
        }
        response.putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader("Cross-Origin-Opener-Policy", "same-origin");
        if (!context.normalizedPath().startsWith("/console/assets/")) {
            response.putHeader("Cache-Control", "no-store");
        }
        Cookie csrf = context.request().getCookie(CSRF_COOKIE);
        String token = csrf == null ? null : csrf.getValue();
        if (!wellFormed(token)) {
            token = newToken();
            response.addCookie(Cookie.cookie(CSRF_COOKIE, token)
                    .setPath("/console")
                    .setHttpOnly(true)
                    .setSameSite(CookieSameSite.LAX)
                    .setSecure(config.secureCookies()));
        }
        context.put(CSRF_TOKEN, token);
        if (context.request().method() == HttpMethod.GET
                && !context.normalizedPath().startsWith("/console/assets/")) {
            // a page asked for without a session (expired, or a link from a ticket) is sent to sign in
            // by Quarkus: remember it, so that signing in opens it instead of Contas
            context.addHeadersEndHandler(v -> rememberWhereSignInInterrupted(context));
        }
        // Quarkus's challenge also stores the address in its own cookie, unused here (its sign-in
        // handler is never reached) and written unencoded: an address with a ',' or ';' (typed, or
        // from a link) made the cookie encoder throw and the answer never came
        context.addHeadersEndHandler(v -> response.removeCookie(QUARKUS_LOCATION_COOKIE, false));
        if (config.secureCookies()) {
            context.addHeadersEndHandler(v -> secureSessionCookie(response));
        }
        context.next();
    }

    /**
     * Quarkus writes the session cookie with {@code Secure} only when the connection itself is TLS;
     * behind a TLS-terminating ingress it is not, so the flag is added here — to the cookie this
     * response writes (Quarkus gives it a path) and to no other: the response's cookies start as the
     * request's, and the one the browser sent (no attributes), once changed, would go back to it
     * without {@code HttpOnly}, {@code SameSite} or {@code Path}.
     */
    void secureSessionCookie(HttpServerResponse response) {
        for (Cookie session : response.removeCookies(sessionCookie, false)) {
            if (session.getPath() != null) {
                response.addCookie(session.setSecure(true));
            }
        }
    }

    private void rememberWhereSignInInterrupted(RoutingContext context) {
        HttpServerResponse response = context.response();
        String location = response.headers().get("Location");
        String asked = context.request().uri();
        if (response.getStatusCode() == 302
                && location != null
                && location.contains("/console/login")
                && navigation(context)
                && asked.length() <= MAX_RETURN
                && SignInPage.safeBack(asked).equals(asked)) {
            // encoded: a cookie value may not hold ',', ';', '"' or spaces, which an address may
            response.addCookie(returnCookie(
                    Base64.getUrlEncoder().withoutPadding().encodeToString(asked.getBytes(StandardCharsets.UTF_8)),
                    30 * 60));
        }
    }

    /**
     * A page the browser is opening, not a script's fetch (the import progress poll, answered with
     * the same redirect once the session has ended): only a page is worth coming back to.
     */
    private static boolean navigation(RoutingContext context) {
        String mode = context.request().getHeader("Sec-Fetch-Mode");
        String accept = context.request().getHeader("Accept");
        boolean fetched = mode != null && !mode.equals("navigate");
        boolean json = accept != null && accept.contains("json") && !accept.contains("text/html");
        return !fetched && !json;
    }

    /** The page a sign-in was asked for (encoded), or, with {@code maxAge} 0, its removal. */
    Cookie returnCookie(String value, long maxAge) {
        return Cookie.cookie(RETURN_COOKIE, value)
                .setPath("/console")
                .setMaxAge(maxAge)
                .setHttpOnly(true)
                .setSameSite(CookieSameSite.LAX)
                .setSecure(config.secureCookies());
    }

    /** The address a return cookie holds, or null when it holds none. */
    static String returnTo(Cookie cookie) {
        try {
            return cookie == null
                    ? null
                    : new String(Base64.getUrlDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean wellFormed(String token) {
        return token != null
                && token.length() == 43
                && token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    private static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
