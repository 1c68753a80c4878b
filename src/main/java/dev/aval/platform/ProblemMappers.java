package dev.aval.platform;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** The one global set of exception mappers: every failure leaves as problem+json with a {@code code}. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return Problems.response(e);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldName(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message));
        String detail = errors.stream()
                .map(fe -> fe.field() + ": " + fe.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return Problems.response(new ProblemException(
                400, "VALIDATION_FAILED", "Validation failed", detail, errors, java.util.Map.of()));
    }

    /** Overrides quarkus-rest-jackson's own (body-less) mapper for this exact type. */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        if (e instanceof InputCoercionException coercion) {
            // a number beyond its field's type (an int of 99999999999): where the parser stopped names the field
            String field = coercion.getProcessor() != null
                    ? parsingPath(coercion.getProcessor().getParsingContext())
                    : "";
            return Problems.response(
                    field.isEmpty()
                            ? new ProblemException(
                                    400, "MALFORMED_REQUEST", "Malformed request", "a number is out of range")
                            : ProblemException.validation(field, "is out of range"));
        }
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            return Problems.response(
                    new ProblemException(400, "MALFORMED_REQUEST", "Malformed request", "the body is not valid JSON"));
        }
        String field = jsonPath(mapping);
        if (field.isEmpty()) {
            return Problems.response(new ProblemException(
                    400, "MALFORMED_REQUEST", "Malformed request", "the body does not have the expected JSON shape"));
        }
        String message = "has an invalid value";
        if (e instanceof StrictBodyFields.RefusedValue refused) {
            message = refused.getOriginalMessage();
        } else if (e instanceof InvalidFormatException invalid
                && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            message = "must be one of "
                    + java.util.Arrays.toString(invalid.getTargetType().getEnumConstants());
        } else if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
            message = "is not a field of this request";
        } else if (e instanceof com.fasterxml.jackson.databind.exc.InvalidNullException) {
            message = "must not be null (omit it to keep the current value)";
        } else if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            message = "must be " + describe(mismatched.getTargetType());
        }
        return Problems.response(ProblemException.validation(field, message));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json); // Quarkus REST's reader wraps some (numbers out of range) as a bare 400
        }
        int status = e.getResponse().getStatus();
        ProblemException problem;
        if (e instanceof NotFoundException) {
            problem = new ProblemException(404, "NOT_FOUND", "Not found", "no such resource");
        } else if (e instanceof NotAllowedException) {
            problem = new ProblemException(
                    405, "METHOD_NOT_ALLOWED", "Method not allowed", "this method is not allowed on this resource");
        } else if (e instanceof NotSupportedException) {
            problem = new ProblemException(
                    415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", "this content type is not accepted here");
        } else if (e instanceof NotAcceptableException || status == 406) {
            problem = new ProblemException(
                    406, "NOT_ACCEPTABLE", "Not acceptable", "no representation matches the Accept header");
        } else if (status == 413) {
            problem = new ProblemException(
                    413, "PAYLOAD_TOO_LARGE", "Payload too large", "the request body is too large");
        } else if (status >= 400 && status < 500) {
            problem = new ProblemException(
                    status, "MALFORMED_REQUEST", "Malformed request", "the request could not be read");
        } else {
            return unexpected(e);
        }
        Response response = Problems.response(problem);
        if (e instanceof NotAllowedException) {
            String allow = e.getResponse().getHeaderString("Allow");
            if (allow != null) {
                return Response.fromResponse(response).header("Allow", allow).build();
            }
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof ProblemException problem) {
                return problem(problem);
            }
            if (cause instanceof ConstraintViolationException violation) {
                return constraintViolation(violation);
            }
            if (isDatabaseUnavailable(cause)) {
                Log.warnf("database unavailable: %s", cause.toString());
                return Problems.response(new ProblemException(
                        503,
                        "SERVICE_UNAVAILABLE",
                        "Service unavailable",
                        "the database is unreachable; retry with backoff",
                        List.of(),
                        java.util.Map.of("Retry-After", "1")));
            }
            if (isUniqueViolation(cause)) {
                return Problems.response(ProblemException.conflict(
                        "CONFLICT", "the request conflicts with a concurrent change; retry it"));
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        Log.error("unexpected failure", e);
        return Problems.response(
                new ProblemException(500, "INTERNAL_ERROR", "Internal error", "an unexpected error occurred"));
    }

    /**
     * The problem to answer for a failure met outside Quarkus REST (a route handler): a
     * {@link ProblemException} anywhere in the chain, 503 when the database is unreachable, else 500
     * (logged).
     */
    public static ProblemException asProblem(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem;
            }
            if (isDatabaseUnavailable(cause)) {
                Log.warnf("database unavailable: %s", cause.toString());
                return new ProblemException(
                        503,
                        "SERVICE_UNAVAILABLE",
                        "Service unavailable",
                        "the database is unreachable; retry with backoff",
                        List.of(),
                        java.util.Map.of("Retry-After", "1"));
            }
        }
        Log.error("unexpected failure", e);
        return new ProblemException(500, "INTERNAL_ERROR", "Internal error", "an unexpected error occurred");
    }

    /** A unique key violated, here or in any cause: a concurrent request inserted the same row first. */
    public static boolean isUniqueViolation(Throwable t) {
        for (Throwable cause = t; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg && "23505".equals(pg.getSqlState())
                    || cause instanceof org.hibernate.JDBCException jdbc && "23505".equals(jdbc.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database, not the request, failed: the connection went away (reset, failover, a backend
     * terminated, PostgreSQL restarting) or none came in time — the same request succeeds once it
     * is over (503 SERVICE_UNAVAILABLE; imports retry).
     */
    public static boolean isDatabaseUnavailable(Throwable t) {
        if (t instanceof ConnectException
                || t instanceof ClosedConnectionException
                || t instanceof TimeoutException
                || t instanceof io.netty.channel.ConnectTimeoutException
                || t instanceof java.net.SocketException
                || t instanceof java.nio.channels.ClosedChannelException) {
            return true;
        }
        // PostgreSQL going away: connection exceptions (08…), shutdowns and "cannot connect now" (57P…)
        if (t instanceof PgException pg
                && pg.getSqlState() != null
                && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
            return true;
        }
        String name = t.getClass().getName();
        String message = String.valueOf(t.getMessage());
        return name.endsWith("NoStackTraceThrowable") && message.contains("Timeout")
                || name.endsWith("NoStackTraceTimeoutException")
                || message.contains("Connection refused")
                || message.contains("Failed to connect")
                // a pooled connection whose backend was terminated, handed out before its close was seen
                || name.endsWith("NoStackTraceThrowable") && message.startsWith("Connection is not active now")
                || t instanceof io.vertx.core.VertxException && message.contains("Timeout waiting for connection");
    }

    private static String fieldName(Path path) {
        String last = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.PARAMETER) {
                last = node.getName();
                if (node.getIndex() != null && node.getKind() == ElementKind.PROPERTY) {
                    last = node.getName();
                }
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT && node.getIndex() != null) {
                last = last + "[" + node.getIndex() + "]";
            }
        }
        if (last == null) {
            return "body";
        }
        return last.startsWith("arg") ? "body" : last;
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** {@code items[2].occurredAt} from the parser's position. */
    private static String parsingPath(JsonStreamContext context) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(0, c);
        }
        StringBuilder sb = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inObject() && c.getCurrentName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(c.getCurrentName());
            } else if (c.inArray()) {
                sb.append('[').append(c.getCurrentIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a " + (type.isEnum() ? "known value" : "JSON object");
    }
}
