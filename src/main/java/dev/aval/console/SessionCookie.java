package dev.aval.console;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.runtime.security.PersistentLoginManager;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * Starts and ends the console session: the very cookie Quarkus's form authentication restores and
 * renews (same name, key and timeouts, read from {@code quarkus.http.auth.*}), written here because
 * the sign-in page checks CSRF and throttling before it signs anyone in.
 */
@ApplicationScoped
public class SessionCookie {

    private final PersistentLoginManager manager;
    private final String name;
    private final String path;
    private final boolean secure;

    @Inject
    Clock clock;

    @Inject
    public SessionCookie(
            ConsoleConfig config,
            @ConfigProperty(name = "quarkus.http.auth.session.encryption-key") Optional<String> key,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name") String name,
            @ConfigProperty(name = "quarkus.http.auth.form.timeout") Duration idle,
            @ConfigProperty(name = "quarkus.http.auth.form.new-cookie-interval") Duration renew,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-path") String path) {
        if (key.isEmpty()) {
            throw new IllegalStateException(
                    "set quarkus.http.auth.session.encryption-key (env AVAL_CONSOLE_SESSION_KEY): "
                            + "every instance must encrypt console sessions with the same key");
        }
        if (config.sessionKey().isEmpty()
                && io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.NORMAL) {
            io.quarkus.logging.Log.warn(
                    "AVAL_CONSOLE_SESSION_KEY is not set: console sessions are encrypted with a key "
                            + "derived from the admin key; set a separate random key (docs/operations.md)");
        }
        this.name = name;
        this.path = path;
        this.secure = config.secureCookies();
        this.manager = new PersistentLoginManager(
                key.get(), name, idle.toMillis(), renew.toMillis(), true, "LAX", path, -1, null);
    }

    void start(RoutingContext context, ConsoleUserView user) {
        manager.save(new SessionPrincipal(user.id(), clock.instant()).encode(), context, name, null, secure);
    }

    void end(RoutingContext context) {
        context.response()
                .addCookie(Cookie.cookie(name, "")
                        .setPath(path)
                        .setMaxAge(0)
                        .setHttpOnly(true)
                        .setSameSite(CookieSameSite.LAX)
                        .setSecure(secure));
    }

    String name() {
        return name;
    }
}
