package dev.aval.platform;

import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.MDC;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives every HTTP request an id: the caller's {@code X-Request-Id} when it is a sane token,
 * a fresh UUIDv7 otherwise. The id is echoed on the response and put in the logging MDC
 * under {@code requestId}, so every log line of the request (JSON logs in production) carries
 * it. Runs first on the router, before REST, health and metrics.
 */
@Singleton
public class RequestIdFilter {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    /** Long enough for a UUID or a trace id, short and plain enough to be safe in logs. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    void handle(RoutingContext ctx) {
        String id = accept(ctx.request().getHeader(HEADER));
        ctx.put(MDC_KEY, id);
        MDC.put(MDC_KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    /** The caller's id when it is acceptable, else a new one. */
    static String accept(String offered) {
        if (offered != null && ACCEPTED.matcher(offered).matches()) {
            return offered;
        }
        return Ids.newId().toString();
    }
}
