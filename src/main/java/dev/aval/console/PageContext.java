package dev.aval.console;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * What every console page knows about its request — the signed-in user, the CSRF token, the
 * language — available to templates as {@code inject:page}.
 */
@RequestScoped
@Named("page")
public class PageContext {

    static final String LANGUAGE_COOKIE = "aval-lang";
    static final Locale PORTUGUESE = Locale.forLanguageTag("pt-BR");

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentVertxRequest request;

    @Inject
    CsrfTokens csrfTokens;

    private Locale locale;

    /** The signed-in user; pages behind the session only. */
    public ConsoleUserView user() {
        ConsoleUserView user = identity.isAnonymous() ? null : identity.getAttribute(ConsoleIdentityProvider.USER);
        if (user == null) {
            throw new IllegalStateException("no console user in this request");
        }
        return user;
    }

    public boolean signedIn() {
        return !identity.isAnonymous() && identity.getAttribute(ConsoleIdentityProvider.USER) != null;
    }

    /**
     * Whether the session of this request was already checked and is a console user's, without
     * checking it now: the sign-in and setup pages are authenticated lazily, and resolving the
     * session there would block the event loop.
     */
    boolean knownSignedIn() {
        return routing().user() instanceof QuarkusHttpUser user
                && user.getSecurityIdentity().getAttribute(ConsoleIdentityProvider.USER) != null;
    }

    public String distributorId() {
        return user().distributorId();
    }

    public String actor() {
        return user().actor();
    }

    /** OPERATOR: sees and may use the controls that change things. */
    public boolean mayWrite() {
        return signedIn() && user().role().mayWrite();
    }

    public String csrf() {
        return csrfTokens.expected(routing());
    }

    /** pt-BR unless the user picked English, or, before picking, the browser prefers it. */
    public Locale locale() {
        if (locale == null) {
            Cookie picked = routing().request().getCookie(LANGUAGE_COOKIE);
            if (picked != null) {
                locale = "en".equals(picked.getValue()) ? Locale.ENGLISH : PORTUGUESE;
            } else {
                locale = prefersEnglish(routing().request().getHeader("Accept-Language")) ? Locale.ENGLISH : PORTUGUESE;
            }
        }
        return locale;
    }

    /**
     * Whether an Accept-Language header ranks English above Portuguese (q-values and order, RFC
     * 4647 lookup); a language the console does not speak counts for neither, and a malformed
     * header or a tie means Portuguese.
     */
    static boolean prefersEnglish(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > 1_000) {
            return false;
        }
        try {
            String tag = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), List.of("pt-BR", "pt", "en"));
            return tag != null && tag.startsWith("en");
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    public boolean english() {
        return Locale.ENGLISH.equals(locale());
    }

    public String lang() {
        return english() ? "en" : "pt-BR";
    }

    /** The current path with its query, for links that come back here (the language switch). */
    public String here() {
        var http = routing().request();
        if (http.method() != HttpMethod.GET) {
            // a page answering a form (a refusal) has no GET of its own: back to the page the form was on
            return formPage(http.getHeader("Referer"));
        }
        String uri = http.uri();
        return uri == null ? "/console" : uri;
    }

    /** The request's Referer header (the page a form was sent from), or null. */
    public String referer() {
        return routing().request().getHeader("Referer");
    }

    /** The console path (with its query) of a same-site Referer, else the accounts. */
    static String formPage(String referer) {
        try {
            URI from = referer == null ? null : URI.create(referer);
            String path = from == null ? null : from.getRawPath();
            if (path != null && path.startsWith("/console")) {
                return from.getRawQuery() == null ? path : path + "?" + from.getRawQuery();
            }
        } catch (IllegalArgumentException e) {
            // not a URI: the default below
        }
        return "/console/accounts";
    }

    /** The console's shared texts in the page's language, for what Java words. */
    public Msg msg() {
        return english()
                ? io.quarkus.qute.i18n.MessageBundles.get(Msg.class, io.quarkus.qute.i18n.Localized.Literal.of("en"))
                : io.quarkus.qute.i18n.MessageBundles.get(Msg.class);
    }

    /** The template, in the page's language. */
    public TemplateInstance render(TemplateInstance template) {
        return template.setLocale(locale());
    }

    private RoutingContext routing() {
        return request.getCurrent();
    }
}
