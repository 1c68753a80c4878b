package dev.aval.console;

import java.util.Base64;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * The CSRF token a form carries. Signed in, it is an HMAC of the browser's random {@code aval-csrf}
 * cookie and the session, so a cookie planted by another site of the same parent domain is worth
 * nothing without the session it was issued to; before sign-in (the sign-in and setup forms) it is
 * the cookie's value itself (double submit). The key is derived from the session encryption key.
 */
@Singleton
public class CsrfTokens {

    private final KeyedHash hmac;

    CsrfTokens(@ConfigProperty(name = "quarkus.http.auth.session.encryption-key") String sessionKey) {
        this.hmac = new KeyedHash("aval-console-csrf", sessionKey);
    }

    /** The token forms of this request carry; null when the request has no CSRF cookie value. */
    String expected(RoutingContext routing) {
        String random = routing.get(ConsoleEdge.CSRF_TOKEN);
        if (random == null) {
            return null;
        }
        String session = session(routing);
        return session == null
                ? random
                : Base64.getUrlEncoder().withoutPadding().encodeToString(hmac.of(random + "\n" + session));
    }

    /** The session's principal when this request was authenticated (Quarkus sets the user once it has checked it). */
    private static String session(RoutingContext routing) {
        if (routing.user() instanceof QuarkusHttpUser user
                && !user.getSecurityIdentity().isAnonymous()) {
            return user.getSecurityIdentity().getPrincipal().getName();
        }
        return null;
    }
}
