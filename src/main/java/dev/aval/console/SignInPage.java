package dev.aval.console;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/** Sign-in, sign-out, the one-time setup link where a user chooses its password, the language switch, the 404 page. */
@Path("/console")
@ConsolePage
@Produces(MediaType.TEXT_HTML)
public class SignInPage {

    @CheckedTemplate
    static class Templates {
        /** {@code notice}: "out" after signing out, "set" after choosing a password. */
        static native TemplateInstance login(boolean failed, String notice, String email);

        /** {@code error}: "short" or "differ". */
        static native TemplateInstance setup(String token, ConsoleUserView user, String error);
    }

    @Inject
    ConsoleUserService users;

    @Inject
    SessionCookie session;

    @Inject
    PageContext page;

    @Inject
    SecurityIdentity identity;

    @Inject
    ConsoleConfig config;

    @Inject
    ErrorPages errors;

    @Inject
    ConsoleEdge edge;

    @Inject
    SignInAddresses signInAddresses;

    @GET
    public Response home() {
        return seeOther("/console/accounts");
    }

    @GET
    @Path("/login")
    public TemplateInstance login(@QueryParam("out") boolean signedOut, @QueryParam("set") boolean passwordSet) {
        String notice = signedOut ? "out" : passwordSet ? "set" : null;
        return page.render(Templates.login(false, notice, null));
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signIn(@RestForm String email, @RestForm String password, RoutingContext routing) {
        SignInAddresses.Attempt attempt = signInAddresses.attempt(routing.request());
        if (attempt == null) {
            return Uni.createFrom().item(errors.tooManyAttempts());
        }
        return users.signIn(email, password)
                .map(user -> {
                    if (user == null) {
                        return Response.status(401)
                                .entity(page.render(Templates.login(true, null, email)))
                                .build();
                    }
                    signInAddresses.takeBack(attempt);
                    session.start(routing, user);
                    // the page that asked for the sign-in, if one did (ConsoleEdge), once
                    String asked = ConsoleEdge.returnTo(routing.request().getCookie(ConsoleEdge.RETURN_COOKIE));
                    if (asked == null) {
                        return seeOther("/console/accounts");
                    }
                    routing.response().addCookie(edge.returnCookie("", 0));
                    return seeOther(safeBack(asked));
                })
                // no check made (every permit taken, the database away): nothing was guessed
                .onFailure()
                .invoke(() -> signInAddresses.takeBack(attempt))
                .onFailure(ConsoleUserService.Busy.class)
                .recoverWithItem(errors::busy);
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signOut(RoutingContext routing) {
        SessionPrincipal principal = identity.isAnonymous()
                ? null
                : SessionPrincipal.parse(identity.getPrincipal().getName());
        Uni<Void> end = principal == null ? Uni.createFrom().voidItem() : users.signOut(principal.userId());
        return end.map(v -> {
            session.end(routing);
            return seeOther("/console/login?out=true");
        });
    }

    @GET
    @Path("/setup/{token}")
    public Uni<TemplateInstance> setup(@PathParam("token") String token) {
        return users.setupUser(token).map(user -> page.render(Templates.setup(token, user, null)));
    }

    @POST
    @Path("/setup/{token}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> choosePassword(
            @PathParam("token") String token, @RestForm String password, @RestForm String repeat) {
        // not limited per network: only a valid link's holder gets a password hashed, and once
        String problem = Passwords.problem(password) == null
                ? !password.equals(repeat) ? "differ" : null
                : password != null && password.length() > Passwords.MAX_LENGTH ? "long" : "short";
        if (problem != null) {
            return users.setupUser(token)
                    .map(user -> Response.status(400)
                            .entity(page.render(Templates.setup(token, user, problem)))
                            .build());
        }
        return users.choosePassword(token, password)
                .map(user -> user == null
                        ? Response.status(410)
                                .entity(page.render(Templates.setup(token, null, null)))
                                .build()
                        : seeOther("/console/login?set=true"))
                .onFailure(ConsoleUserService.Busy.class)
                .recoverWithItem(errors::busy);
    }

    /** A preference, not a change of anything stored: a link that works without a form. */
    @GET
    @Path("/language")
    public Response language(@QueryParam("to") String to, @QueryParam("back") String back, RoutingContext routing) {
        String value = "en".equals(to) ? "en" : "pt-BR";
        routing.response()
                .addCookie(Cookie.cookie(PageContext.LANGUAGE_COOKIE, value)
                        .setPath("/console")
                        .setMaxAge(365L * 24 * 3600)
                        .setSameSite(CookieSameSite.LAX)
                        .setSecure(config.secureCookies()));
        return seeOther(safeBack(back));
    }

    /** Any console path no page answers: the console's own 404 page, not the API's problem+json. */
    @GET
    @Path("/{path: .+}")
    public Response notFound() {
        return ErrorPages.response(errors.render(ErrorPages.Kind.NOT_FOUND), 404);
    }

    /** Only a path of the console itself: never an open redirect. */
    static String safeBack(String back) {
        if (back == null
                || !back.startsWith("/console")
                || back.startsWith("//")
                || back.contains("\\")
                || back.contains("\r")
                || back.contains("\n")) {
            return "/console/accounts";
        }
        try {
            URI.create(back);
            return back;
        } catch (IllegalArgumentException e) {
            return "/console/accounts";
        }
    }

    static Response seeOther(String location) {
        return Response.seeOther(URI.create(location)).build();
    }
}
