package dev.aval.console.browser;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What {@link BrowserTest} adds to a test class: {@link Chromium}'s verdict before anything
 * runs (a skipped class is disabled, so not even Quarkus starts for it; in CI the class fails
 * instead), a {@link Browser} for the methods that ask for one (one per class), and its
 * closing after the class.
 */
final class BrowserExtension implements ExecutionCondition, BeforeAllCallback, ParameterResolver, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(BrowserExtension.class);
    private static final String KEY = "browser";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Chromium.Verdict verdict = Chromium.verdict();
        if (verdict.outcome() != Chromium.Outcome.SKIP) {
            return ConditionEvaluationResult.enabled(verdict.message());
        }
        if (context.getTestMethod().isEmpty()) {
            System.err.println(verdict.message() + " (" + context.getDisplayName() + ")");
        }
        return ConditionEvaluationResult.disabled(verdict.message());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Chromium.Verdict verdict = Chromium.verdict();
        if (verdict.outcome() == Chromium.Outcome.FAIL) {
            Assertions.fail(verdict.message());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return classContext(context)
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> Browser.open(), Browser.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Browser browser = context.getStore(NAMESPACE).remove(KEY, Browser.class);
        if (browser != null) {
            browser.close();
        }
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }
}
