package dev.aval.platform;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;

/**
 * Answers 406 NOT_ACCEPTABLE before a {@code /v1} method runs when the caller accepts none of
 * the media types its answer can have. Quarkus REST checks a single-type method's {@code Accept}
 * only when it writes the answer, after the method ran: a write (an import upload, a hold) would
 * happen and then be answered 406, and a retry would do it twice. Methods without an answer body
 * ({@code void}, {@code Void}: 202/204) are never refused. Runs once access is granted
 * ({@link ApiKeyAccess#authorize}) and before any body is read.
 */
public class ContentNegotiation {

    private final Map<Method, List<MediaType>> producesByMethod = new ConcurrentHashMap<>();

    @ServerRequestFilter(priority = Priorities.USER + 5)
    public Response check(ContainerRequestContext request, ResourceInfo resource, UriInfo uri) {
        Method method = resource.getResourceMethod();
        if (method == null || !uri.getPath().startsWith("/v1")) {
            return null;
        }
        List<MediaType> produces = producesByMethod.computeIfAbsent(method, m -> produces(m, resource));
        if (produces.isEmpty()) {
            return null;
        }
        List<MediaType> accepted;
        try {
            accepted = request.getAcceptableMediaTypes();
        } catch (IllegalArgumentException e) {
            return null; // an unparseable Accept is Quarkus REST's to answer, as before
        }
        return acceptable(accepted, produces)
                ? null
                : Problems.response(new ProblemException(
                        406,
                        "NOT_ACCEPTABLE",
                        "Not acceptable",
                        "this answer is " + produces.get(0) + "; send an Accept header that allows it"));
    }

    /** True when one of the caller's types (with a quality above 0) matches one the method answers. */
    static boolean acceptable(List<MediaType> accepted, List<MediaType> produces) {
        if (accepted == null || accepted.isEmpty()) {
            return true;
        }
        for (MediaType accept : accepted) {
            String q = accept.getParameters().get("q");
            if (q != null && isZero(q)) {
                continue;
            }
            for (MediaType type : produces) {
                if (accept.isCompatible(type)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isZero(String q) {
        try {
            return Double.parseDouble(q.strip()) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The types the method's answer can have; empty when it has no body or declares none. */
    private static List<MediaType> produces(Method method, ResourceInfo resource) {
        if (!hasBody(method.getGenericReturnType())) {
            return List.of();
        }
        Produces produces = method.getAnnotation(Produces.class);
        if (produces == null) {
            produces = resource.getResourceClass().getAnnotation(Produces.class);
        }
        if (produces == null) {
            return List.of();
        }
        return java.util.Arrays.stream(produces.value())
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::strip)
                .map(MediaType::valueOf)
                .toList();
    }

    /** False for {@code void}, {@code Void}, {@code Uni<Void>} and {@code (Uni<)RestResponse<Void>>}. */
    static boolean hasBody(Type type) {
        if (type == void.class || type == Void.class) {
            return false;
        }
        if (type instanceof ParameterizedType p
                && (p.getRawType() == Uni.class || p.getRawType() == RestResponse.class)) {
            return hasBody(p.getActualTypeArguments()[0]);
        }
        return true;
    }
}
