package dev.aval.support;

import java.nio.file.Path;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Checks every answer of the API under test against the kept OpenAPI document
 * ({@code src/main/openapi/openapi.yaml}), so the document can never drift from what the service
 * answers: an answer whose status, media type or body the document does not describe fails the
 * test that received it. Requests are not checked (tests send bad input on purpose); console pages
 * and {@code /q/} endpoints are outside the document; a 500 (a bug, never part of the contract) is
 * not checked, so a test that provokes one on purpose can assert it.
 */
public final class ContractCheck implements Filter {

    public static final Path DOCUMENT = Path.of("src/main/openapi/openapi.yaml");

    /** Read on the first API answer (lazily: the document is only needed once a test calls the API). */
    private static final class Validator {
        static final OpenApiValidationFilter FILTER =
                new OpenApiValidationFilter(OpenApiInteractionValidator.createForSpecificationUrl(
                                DOCUMENT.toUri().toString())
                        .withLevelResolver(LevelResolver.create()
                                .withLevel("validation.request", ValidationReport.Level.IGNORE)
                                .build())
                        .build());
    }

    private static volatile boolean installed;

    private ContractCheck() {}

    /** Adds the check to RestAssured's global filters, once per test run. */
    public static synchronized void install() {
        if (!installed) {
            RestAssured.filters(new ContractCheck());
            installed = true;
        }
    }

    /** Hands the validator the answer already received instead of sending the request again. */
    private record Replay(FilterContext ctx, Response answer) implements FilterContext {
        @Override
        public Response next(FilterableRequestSpecification request, FilterableResponseSpecification response) {
            return answer;
        }

        @Override
        public Response send(io.restassured.specification.RequestSender sender) {
            return ctx.send(sender);
        }

        @Override
        public <T> T getValue(String name) {
            return ctx.getValue(name);
        }

        @Override
        public void setValue(String name, Object value) {
            ctx.setValue(name, value);
        }

        @Override
        public boolean hasValue(String name) {
            return ctx.hasValue(name);
        }

        @Override
        public boolean hasValue(String name, Object value) {
            return ctx.hasValue(name, value);
        }
    }

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        if (!request.getDerivedPath().startsWith("/v1/")) {
            return ctx.next(request, response);
        }
        Response answer = ctx.next(request, response);
        // a 500 is a bug, never part of the contract: only tests that provoke one on purpose meet it
        return answer.statusCode() == 500
                ? answer
                : Validator.FILTER.filter(request, response, new Replay(ctx, answer));
    }
}
