package dev.aval.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Path and query parameters of every {@code /v1} call, checked once after the access rules (a
 * caller of another distributor, over its rate or without the role learns that first, as api.md
 * orders the answers) and before resources or SQL read them (api.md "Conventions", bounds), each
 * refusal a 400 VALIDATION_FAILED naming the parameter:
 * <ul>
 * <li>no parameter holds the NUL character (PostgreSQL's text cannot), path or query;</li>
 * <li>a path parameter named {@code …Id} is a UUID ({@code accountId}, {@code holdId},
 * {@code invoiceId}, {@code holderId}, {@code importId}, {@code keyId}, {@code userId}), except
 * {@code distributorId}, which is the distributor's own slug;</li>
 * <li>{@code limit} is a whole number within {@link Cursor}'s range (JAX-RS would answer a 404
 * for a value that does not convert to its {@code Integer}).</li>
 * </ul>
 * Dates and the rest of the query parameters are converted by {@link QueryParams}.
 */
public class RequestParams {

    private static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]{1,9}");

    /**
     * Right after {@link ApiKeyAccess#authorize} (which leaves a distributorId PostgreSQL could not
     * take to this filter, unlooked-up), before {@link ContentNegotiation} and the body's limits.
     */
    @ServerRequestFilter(priority = Priorities.USER + 1)
    public Response check(ResourceInfo resource, UriInfo uri) {
        if (resource.getResourceMethod() == null || !uri.getPath().startsWith("/v1")) {
            return null;
        }
        List<Problem.FieldError> errors = new ArrayList<>(0);
        for (Map.Entry<String, List<String>> param : uri.getPathParameters().entrySet()) {
            for (String value : param.getValue()) {
                String violation = pathViolation(param.getKey(), value);
                if (violation != null) {
                    errors.add(new Problem.FieldError(param.getKey(), violation));
                }
            }
        }
        for (Map.Entry<String, List<String>> param : uri.getQueryParameters().entrySet()) {
            for (String value : param.getValue()) {
                String violation = queryViolation(param.getKey(), value);
                if (violation != null) {
                    errors.add(new Problem.FieldError(param.getKey(), violation));
                }
            }
        }
        return errors.isEmpty() ? null : Problems.response(ProblemException.validation(errors));
    }

    static String pathViolation(String name, String value) {
        if (Bounds.hasNul(value)) {
            return Bounds.NUL_MESSAGE;
        }
        if (name.endsWith("Id")
                && !name.equals("distributorId")
                && !UUID.matcher(value).matches()) {
            return "must be a UUID";
        }
        return null;
    }

    static String queryViolation(String name, String value) {
        if (Bounds.hasNul(value)) {
            return Bounds.NUL_MESSAGE;
        }
        if (name.equals("limit")
                && !value.isEmpty()
                && (!WHOLE.matcher(value).matches()
                        || Integer.parseInt(value) < 1
                        || Integer.parseInt(value) > Cursor.MAX_LIMIT)) {
            return "must be between 1 and " + Cursor.MAX_LIMIT;
        }
        return null;
    }
}
