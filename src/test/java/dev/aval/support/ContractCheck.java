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
 * and {@code /q/} endpoints are outside the document.
 */
public final class ContractCheck implements Filter {

    public static final Path DOCUMENT = Path.of("src/main/openapi/openapi.yaml");

    /** Read on the first API answer (lazily: the document is only needed once a test calls the API). */
    private static final class Validator {
        static final OpenApiValidationFilter FILTER = new OpenApiValidationFilter(
                OpenApiInteractionValidator.createForSpecificationUrl(DOCUMENT.toUri().toString())
                        .withLevelResolver(LevelResolver.create()
                                .withLevel("validation.request", ValidationReport.Level.IGNORE)
                                .build())
                        .build());
    }

    private static volatile boolean installed;

    private ContractCheck() {
    }

    /** Adds the check to RestAssured's global filters, once per test run. */
    public static synchronized void install() {
        if (!installed) {
            RestAssured.filters(new ContractCheck());
            installed = true;
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext ctx) {
        String path = request.getDerivedPath();
        return path.startsWith("/v1/") ? Validator.FILTER.filter(request, response, ctx) : ctx.next(request, response);
    }
}
