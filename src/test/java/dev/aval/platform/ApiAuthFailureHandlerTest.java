package dev.aval.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.Router;

/**
 * {@link ApiKeyAccess#replaceDefaultAuthFailureHandler} depends on Quarkus running filters of equal
 * priority in registration order: if that changed, every {@code /v1} call would again pay for a new
 * request mapper (a silent 5% of the CPU). A route just before the API-key check records which
 * handler each marked request carries there (the service's own for {@code /v1}, Quarkus's for the
 * console) and whether its URI template was already mapped (not for {@code /v1}; for the console,
 * which shows the recorder would see it).
 */
@AvalTest
class ApiAuthFailureHandlerTest {

    static final String MARK = "X-Test-Auth-Failure-Handler";
    /** Where Quarkus REST's observability puts the URI template it mapped (ObservabilityUtil). */
    static final String TEMPLATE = "UrlPathTemplate";

    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    @Singleton
    static class Recorder {
        void register(@Observes Router router) {
            router.route().order(BodyLimit.ORDER - 2).handler(ctx -> {
                String mark = ctx.request().getHeader(MARK);
                if (mark != null) {
                    SEEN.put(mark, ctx.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER));
                    Object template = ((HttpServerRequestInternal) ctx.request())
                            .context()
                            .getLocal(TEMPLATE);
                    SEEN.put(mark + " template", template == null ? "none" : template);
                }
                ctx.next();
            });
        }
    }

    @Test
    void apiCallsCarryTheServicesHandlerAndTheConsoleKeepsQuarkusOwn() {
        given().header("Authorization", "Bearer " + Api.ADMIN_KEY)
                .header(MARK, "api")
                .get("/v1/me")
                .then()
                .statusCode(200);
        given().header(MARK, "console").get("/console/login").then().statusCode(200);

        assertSame(ApiKeyAccess.FAIL_ROUTING, SEEN.get("api"), "a /v1 call: " + SEEN.get("api"));
        Object console = SEEN.get("console");
        assertNotNull(console, "the console's request reached the recorder");
        assertNotSame(ApiKeyAccess.FAIL_ROUTING, console);
        assertEquals("none", SEEN.get("api template"), "no request mapping before the API-key check");
        assertEquals("/console/login", SEEN.get("console template"), "the recorder sees the mapping when it happens");
    }
}
