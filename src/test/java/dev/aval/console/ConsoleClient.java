package dev.aval.console;

import static io.restassured.RestAssured.given;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import dev.aval.support.Api;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A console user in tests without a browser: created through the admin API, its password chosen at
 * the setup link, signed in — then pages fetched and forms posted with the session and CSRF cookies,
 * answers parsed with jsoup.
 */
public final class ConsoleClient {

    public static final String PASSWORD = "correct horse battery";

    public final String distributorId;
    public final String email;
    public final String userId;
    private final CookieFilter cookies = new CookieFilter();
    /**
     * The network this client signs in from (the tests stand behind a trusted "proxy" on loopback):
     * each its own, so the per-address limit of failed sign-ins counts one client's failures only.
     */
    public final String address = network(CLIENTS.incrementAndGet());

    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS =
            new java.util.concurrent.atomic.AtomicInteger();

    /** 10.x.y.z, a different one for each client of the run. */
    private static String network(int n) {
        return "10." + (n >>> 16 & 0xFF) + "." + (n >>> 8 & 0xFF) + "." + (n & 0xFF);
    }

    private ConsoleClient(String distributorId, String email, String userId) {
        this.distributorId = distributorId;
        this.email = email;
        this.userId = userId;
    }

    /** A new user of the distributor with the role, signed in. */
    public static ConsoleClient signedIn(String distributorId, String role) {
        ConsoleClient client = invited(distributorId, role);
        client.choosePassword(client.setupPath, PASSWORD);
        client.signIn(client.email, PASSWORD).then().statusCode(303);
        return client;
    }

    private String setupPath;

    /** A new user of the distributor, not yet set up (its setup link in {@link #setupPath()}). */
    public static ConsoleClient invited(String distributorId, String role) {
        String email = "u" + UUID.randomUUID().toString().substring(0, 12) + "@distribuidora.com.br";
        Response created = Api.admin()
                .body(Map.of("email", email, "name", "Ana " + role, "role", role))
                .post("/v1/distributors/" + distributorId + "/users");
        created.then().statusCode(201);
        ConsoleClient client = new ConsoleClient(distributorId, email, created.path("id"));
        client.setupPath = java.net.URI.create(created.path("setupUrl")).getPath();
        return client;
    }

    public String setupPath() {
        return setupPath;
    }

    public Response choosePassword(String setupPath, String password) {
        Document form = page(setupPath);
        return post(setupPath, form, Map.of("password", password, "repeat", password));
    }

    public Response signIn(String email, String password) {
        Document form = page("/console/login");
        return post("/console/login", form, Map.of("email", email, "password", password));
    }

    /** A request carrying this client's cookies, redirects not followed. */
    public RequestSpecification request() {
        return given().filter(cookies)
                .header("X-Forwarded-For", address)
                .redirects()
                .follow(false);
    }

    public Response get(String path) {
        // as a browser does, the fragment (#tabs) stays on this side
        int fragment = path.indexOf('#');
        return request().get(fragment < 0 ? path : path.substring(0, fragment));
    }

    /** GETs a page that must answer 200, parsed. */
    public Document page(String path) {
        Response response = get(path);
        response.then().statusCode(200);
        return Jsoup.parse(response.asString(), path);
    }

    /** Posts a form with the CSRF token the page carried, plus the fields. */
    public Response post(String path, Document from, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf(from));
        form.putAll(fields);
        return postRaw(path, form);
    }

    /** Posts exactly these fields (no CSRF token unless given). */
    public Response postRaw(String path, Map<String, String> fields) {
        RequestSpecification spec = request().contentType("application/x-www-form-urlencoded; charset=UTF-8");
        fields.forEach(spec::formParam);
        return spec.post(path);
    }

    /** The value of one of this client's cookies (as the server set it). */
    public String cookie(String name) {
        return cookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(org.apache.http.cookie.Cookie::getValue)
                .findFirst()
                .orElse(null);
    }

    private org.apache.http.client.CookieStore cookieStore() {
        return cookies.getCookieStore();
    }

    public static String csrf(Document page) {
        return page.selectFirst("input[name=csrf]").attr("value");
    }
}
