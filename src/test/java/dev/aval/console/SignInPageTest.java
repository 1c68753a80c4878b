package dev.aval.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import dev.aval.support.Api;
import dev.aval.support.AvalTest;
import io.quarkus.arc.ClientProxy;
import io.restassured.RestAssured;
import io.restassured.http.Cookie;
import io.restassured.response.Response;

@AvalTest
class SignInPageTest {

    @Inject
    ConsoleUserService users;

    @Inject
    dev.aval.support.MovableClock clock;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Test
    void aPageWithoutSessionRedirectsToSignIn() {
        ConsoleClient anonymous = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        anonymous.get("/console/accounts").then().statusCode(302).header("Location", containsString("/console/login"));
    }

    @Test
    void signingInAfterTheSessionEndedOpensThePageThatAskedForIt() {
        ConsoleClient user = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        user.choosePassword(user.setupPath(), ConsoleClient.PASSWORD).then().statusCode(303);
        user.get("/console/invoices?overdue=true&document=123")
                .then()
                .statusCode(302)
                .header("Location", containsString("/console/login"));
        user.signIn(user.email, ConsoleClient.PASSWORD)
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/invoices?overdue=true&document=123"));
        // once: the next sign-in opens Contas
        user.signIn(user.email, ConsoleClient.PASSWORD)
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/accounts"));
        // a script's poll (the import progress) is not a page to come back to
        ConsoleClient polling = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        polling.choosePassword(polling.setupPath(), ConsoleClient.PASSWORD)
                .then()
                .statusCode(303);
        polling.request()
                .header("Accept", "application/json")
                .header("Sec-Fetch-Mode", "cors")
                .get("/console/imports/x/progress")
                .then()
                .statusCode(302);
        polling.signIn(polling.email, ConsoleClient.PASSWORD)
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/accounts"));
        // an address with characters a cookie cannot hold as such
        ConsoleClient comma = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        comma.choosePassword(comma.setupPath(), ConsoleClient.PASSWORD).then().statusCode(303);
        comma.request()
                .urlEncodingEnabled(false)
                .get("/console/accounts?q=a,b;c")
                .then()
                .statusCode(302);
        comma.signIn(comma.email, ConsoleClient.PASSWORD)
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/accounts?q=a,b;c"));
        // an address too long for a cookie is not remembered (nor a POST: ConsoleEdge)
        ConsoleClient other = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        other.choosePassword(other.setupPath(), ConsoleClient.PASSWORD).then().statusCode(303);
        other.get("/console/accounts?q=" + "x".repeat(ConsoleEdge.MAX_RETURN))
                .then()
                .statusCode(302);
        other.signIn(other.email, ConsoleClient.PASSWORD)
                .then()
                .statusCode(303)
                .header("Location", endsWith("/console/accounts"));
    }

    @Test
    void setupLinkThenSignInOpensTheConsole() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        user.get("/console/accounts").then().statusCode(200);
    }

    @Test
    void setupLinkWorksOnce() {
        ConsoleClient user = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        user.choosePassword(user.setupPath(), ConsoleClient.PASSWORD).then().statusCode(303);
        Document again = user.page(user.setupPath());
        assertNotNull(again.selectFirst(".alert-error"), "a spent link says it is not valid");
        assertTrue(again.select("input[name=password]").isEmpty());
    }

    @Test
    void shortPasswordIsRefusedNextToItsField() {
        ConsoleClient user = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        Document form = user.page(user.setupPath());
        Response answer = user.post(user.setupPath(), form, Map.of("password", "short", "repeat", "short"));
        answer.then().statusCode(400);
        Document page = org.jsoup.Jsoup.parse(answer.asString());
        assertEquals("true", page.selectFirst("#password").attr("aria-invalid"));
        assertNotNull(page.selectFirst("#password-error"));
        // the repetition differing is said next to the repetition
        Response differ = user.post(
                user.setupPath(), form, Map.of("password", "uma-senha-longa-1", "repeat", "uma-senha-longa-2"));
        differ.then().statusCode(400);
        Document told = org.jsoup.Jsoup.parse(differ.asString());
        assertEquals("true", told.selectFirst("#repeat").attr("aria-invalid"));
        assertEquals("alert", told.selectFirst("#repeat-error").attr("role"));
        assertNull(told.selectFirst("#password-error"));
        assertNotNull(told.selectFirst("script[src=/console/assets/console.js]"), "the caret goes to the field");
    }

    @Test
    void aPasswordOverTheLimitIsSaidToBeTooLong() {
        ConsoleClient user = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        Document form = user.page(user.setupPath());
        assertEquals("200", form.selectFirst("#password").attr("maxlength"));
        String tooLong = "a".repeat(201);
        Response answer = user.post(user.setupPath(), form, Map.of("password", tooLong, "repeat", tooLong));
        answer.then().statusCode(400);
        assertEquals(
                "Deve ter no máximo 200 caracteres.",
                org.jsoup.Jsoup.parse(answer.asString())
                        .selectFirst("#password-error")
                        .text());
        String longest = "a".repeat(200);
        user.post(user.setupPath(), form, Map.of("password", longest, "repeat", longest))
                .then()
                .statusCode(303);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        ConsoleClient stranger = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        Response wrong = stranger.signIn(user.email, "not the password at all");
        Response unknown = stranger.signIn("nobody-" + user.email, ConsoleClient.PASSWORD);
        wrong.then().statusCode(401);
        unknown.then().statusCode(401);
        assertEquals(
                org.jsoup.Jsoup.parse(wrong.asString())
                        .selectFirst(".alert-error")
                        .text(),
                org.jsoup.Jsoup.parse(unknown.asString())
                        .selectFirst(".alert-error")
                        .text());
    }

    @Test
    void theThrottleKeepsNoEmailADictionaryCouldReadBack() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        ConsoleClient stranger = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        long before = dev.aval.support.Sql.count(pool, "select count(*) from console_sign_in_failure");
        stranger.signIn(user.email, "not the password").then().statusCode(401);
        assertTrue(dev.aval.support.Sql.count(pool, "select count(*) from console_sign_in_failure") > before);
        // the failure is kept, but not under the email's plain SHA-256 (which anyone can compute)
        assertEquals(
                0,
                dev.aval.support.Sql.count(
                        pool,
                        "select count(*) from console_sign_in_failure where email_hash = $1",
                        dev.aval.platform.ApiKeyHash.of(user.email)));
    }

    @Test
    void fiveFailuresMakeTheEmailWaitEvenWithTheRightPassword() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        ConsoleClient attacker = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        for (int i = 0; i < 5; i++) {
            attacker.signIn(user.email, "wrong password " + i).then().statusCode(401);
        }
        attacker.signIn(user.email, ConsoleClient.PASSWORD).then().statusCode(401);
        // another email is not affected
        ConsoleClient other = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        other.get("/console/accounts").then().statusCode(200);
    }

    @Test
    void aNetworkPastItsFailuresWaitsOnlyWhileEveryPasswordCheckIsTaken() throws InterruptedException {
        // the limit counts per wall-clock minute: start with room for the ~35 sign-ins below
        int second = java.time.LocalTime.now().getSecond();
        if (second >= 40) {
            Thread.sleep((61 - second) * 1000L);
        }
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        ConsoleClient guesser = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        // guesses at random emails: the per-email limit never sees two of them
        for (int i = 0; i < 29; i++) {
            guesser.signIn("guess-" + i + "-" + user.email, "wrong password")
                    .then()
                    .statusCode(401);
        }
        // a right password from that network (a colleague behind the same NAT) does not count
        guesser.signIn(user.email, ConsoleClient.PASSWORD).then().statusCode(303);
        guesser.signIn("guess-29-" + user.email, "wrong password").then().statusCode(401);
        // past the limit, but the checks are free: nobody is locked out of a free resource
        guesser.signIn("guess-30-" + user.email, "wrong password").then().statusCode(401);

        java.util.concurrent.Semaphore gate = ClientProxy.unwrap(users).hashingPermits;
        gate.acquire(ConsoleUserService.HASHING_PERMITS);
        try {
            // every check taken: that network waits, at once, without a hash or a look-up
            Response waits = guesser.signIn(user.email, ConsoleClient.PASSWORD);
            waits.then().statusCode(429).header("Retry-After", "60").contentType(startsWith("text/html"));
            org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(waits.asString());
            assertEquals("Muitas tentativas", page.selectFirst("h1").text());
            assertEquals("/console/login", page.selectFirst("main a.button").attr("href"));
        } finally {
            gate.release(ConsoleUserService.HASHING_PERMITS);
        }
        // another network is not affected, and the user itself still gets in
        ConsoleClient again = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        again.signIn(user.email, ConsoleClient.PASSWORD).then().statusCode(303);
    }

    @Test
    void aSignInThatFindsThePasswordChecksTakenWaitsItsTurn() throws Exception {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        ConsoleClient colleague = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        java.util.concurrent.Semaphore gate = ClientProxy.unwrap(users).hashingPermits;
        gate.acquire(ConsoleUserService.HASHING_PERMITS);
        var released = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            // two other analysts' checks end 300 ms into this one's wait: it gets in, not "busy"
            released.schedule(() -> gate.release(ConsoleUserService.HASHING_PERMITS), 300, TimeUnit.MILLISECONDS);
            colleague.signIn(user.email, ConsoleClient.PASSWORD).then().statusCode(303);
        } finally {
            released.shutdown();
            released.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSignInThatFindsThePasswordChecksBusyIsToldSoAndNotCountedAsAFailure() throws InterruptedException {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        ConsoleClient other = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        java.util.concurrent.Semaphore gate = ClientProxy.unwrap(users).hashingPermits;
        gate.acquire(ConsoleUserService.HASHING_PERMITS);
        try {
            for (int i = 0; i < 6; i++) {
                Response busy = other.signIn(user.email, ConsoleClient.PASSWORD);
                busy.then().statusCode(503).header("Retry-After", "5");
                assertEquals(
                        "Muitas entradas ao mesmo tempo. Tente de novo em alguns segundos.",
                        org.jsoup.Jsoup.parse(busy.asString())
                                .selectFirst("h1 + p")
                                .text());
            }
        } finally {
            gate.release(ConsoleUserService.HASHING_PERMITS);
        }
        // six busy answers were not six failures: the right password still opens the console
        other.signIn(user.email, ConsoleClient.PASSWORD).then().statusCode(303);
    }

    @Test
    void signOutEndsTheSessionAlsoForACopiedCookie() {
        ConsoleClient user = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        user.choosePassword(user.setupPath(), ConsoleClient.PASSWORD);
        String copied = user.signIn(user.email, ConsoleClient.PASSWORD)
                .detailedCookie("aval-console")
                .getValue();
        Document page = user.page("/console/accounts");
        user.post("/console/logout", page, Map.of())
                .then()
                .statusCode(303)
                .header("Location", containsString("/console/login"));
        user.get("/console/accounts").then().statusCode(302);
        RestAssured.given()
                .redirects()
                .follow(false)
                .cookie("aval-console", copied)
                .get("/console/accounts")
                .then()
                .statusCode(302);
    }

    @Test
    void disabledUserIsOutOnTheNextRequest() {
        String distributor = Api.newDistributor();
        ConsoleClient user = ConsoleClient.signedIn(distributor, "OPERATOR");
        user.get("/console/accounts").then().statusCode(200);
        Api.admin()
                .delete("/v1/distributors/" + distributor + "/users/" + user.userId)
                .then()
                .statusCode(204);
        user.get("/console/accounts").then().statusCode(302).header("Location", containsString("/console/login"));
    }

    @Test
    void aSessionEndsTwelveHoursAfterSignInHoweverBusy() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        try {
            clock.advance(Duration.ofHours(11).plusMinutes(59));
            user.get("/console/accounts").then().statusCode(200);
            clock.advance(Duration.ofMinutes(2));
            user.get("/console/accounts").then().statusCode(302).header("Location", containsString("/console/login"));
        } finally {
            clock.reset();
        }
    }

    @Test
    void aSetupLinkIsValidFor72Hours() {
        ConsoleClient early = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        ConsoleClient late = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        try {
            clock.advance(Duration.ofHours(71).plusMinutes(59));
            early.choosePassword(early.setupPath(), ConsoleClient.PASSWORD)
                    .then()
                    .statusCode(303);
            clock.advance(Duration.ofMinutes(2));
            Document expired = late.page(late.setupPath());
            assertNotNull(expired.selectFirst(".alert-error"), "a link past 72 h says it is not valid");
            assertTrue(expired.select("input[name=password]").isEmpty());
        } finally {
            clock.reset();
        }
    }

    @Test
    void postWithoutCsrfTokenIsForbidden() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        user.postRaw("/console/logout", Map.of()).then().statusCode(403).contentType(startsWith("text/html"));
        user.postRaw("/console/logout", Map.of("csrf", "x".repeat(43))).then().statusCode(403);
        user.get("/console/accounts").then().statusCode(200);
    }

    @Test
    void quarkusOwnFormSignInIsNotReachable() {
        ConsoleClient user = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        // Quarkus's mechanism answers any path ending so: every console one is closed too
        for (String path : List.of("/console/j_security_check", "/console/accounts/console/j_security_check")) {
            user.postRaw(path, Map.of("j_username", user.email, "j_password", "x"))
                    .then()
                    .statusCode(404);
        }
    }

    @Test
    void theLanguageSwitchNeverRedirectsOutsideTheConsole() {
        ConsoleClient user = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        for (String back : new String[] {"https://evil.example/", "//evil.example/", "/console/a%20b c", "/v1/me"}) {
            String location = user.request()
                    .queryParam("to", "en")
                    .queryParam("back", back)
                    .get("/console/language")
                    .then()
                    .statusCode(303)
                    .extract()
                    .header("Location");
            assertTrue(location.endsWith("/console/accounts"), back + " -> " + location);
        }
    }

    @Test
    void aPlantedCsrfCookieIsWorthNothingWithoutItsOwnSession() {
        // another site of the parent domain could plant its own aval-csrf cookie in the victim's
        // browser and post the token that went with it: signed in, the token is bound to the session
        ConsoleClient attacker = ConsoleClient.signedIn(Api.newDistributor(), "OPERATOR");
        Document attackersPage = attacker.page("/console/accounts");
        String attackersToken = ConsoleClient.csrf(attackersPage);
        ConsoleClient victim = ConsoleClient.invited(Api.newDistributor(), "OPERATOR");
        victim.choosePassword(victim.setupPath(), ConsoleClient.PASSWORD);
        String victimsSession = victim.signIn(victim.email, ConsoleClient.PASSWORD)
                .detailedCookie("aval-console")
                .getValue();
        String plantedRandom = attacker.cookie("aval-csrf");
        RestAssured.given()
                .redirects()
                .follow(false)
                .cookie("aval-console", victimsSession)
                .cookie("aval-csrf", plantedRandom)
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf", attackersToken)
                .post("/console/logout")
                .then()
                .statusCode(403);
        // the victim's own page, token and cookie still work
        Document own = victim.page("/console/accounts");
        assertTrue(
                !ConsoleClient.csrf(own).equals(victim.cookie("aval-csrf")), "signed in, the token is not the cookie");
        victim.post("/console/logout", own, Map.of()).then().statusCode(303);
    }

    @Test
    void theCsrfCookieIsLaxSoALinkFromAnotherSiteKeepsOpenFormsValid() {
        // a Strict cookie is withheld on a navigation from another site: the page would then set a
        // new token and the forms already open in other tabs would all be refused
        Cookie csrf = RestAssured.given()
                .redirects()
                .follow(false)
                .get("/console/login")
                .detailedCookie("aval-csrf");
        assertEquals("Lax", csrf.getSameSite());
        assertTrue(csrf.isHttpOnly());
        assertEquals("/console", csrf.getPath());
    }

    @Test
    void securityHeadersOnEveryConsolePage() {
        ConsoleClient user = ConsoleClient.signedIn(Api.newDistributor(), "VIEWER");
        for (String path : new String[] {"/console/login", "/console/accounts"}) {
            Response r = user.get(path);
            r.then()
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Referrer-Policy", equalTo("same-origin"));
            assertTrue(!r.header("Content-Security-Policy").contains("unsafe-inline"), path);
        }
    }

    @Test
    void sessionCookieIsHttpOnlyAndLax() {
        ConsoleClient user = ConsoleClient.invited(Api.newDistributor(), "VIEWER");
        user.choosePassword(user.setupPath(), ConsoleClient.PASSWORD);
        Response signIn = user.signIn(user.email, ConsoleClient.PASSWORD);
        Cookie session = signIn.detailedCookie("aval-console");
        assertNotNull(session);
        assertTrue(session.isHttpOnly());
        assertEquals("Lax", session.getSameSite());
    }
}
