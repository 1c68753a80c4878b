package dev.aval.console.browser;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class as a browser test: it runs in Debian's headless Chromium, is skipped
 * with a clear message where Chromium is not installed, and fails instead in CI
 * ({@code CI=true}). Its {@code @Test} (and {@code @BeforeEach}) methods may declare a
 * {@link Browser} parameter: one browser per test class, opened on first use (desktop size)
 * and closed after the class. Tagged {@code browser} ({@code -Dgroups=browser} runs only these;
 * {@code -DexcludedGroups=browser} leaves them out).
 *
 * <pre>
 * &#64;AvalTest
 * &#64;BrowserTest
 * class ContasBrowserTest {
 *     &#64;TestHTTPResource("/") URL base;
 *
 *     &#64;Test
 *     void contas(Browser browser) {
 *         browser.go(base + "console/").screenshot("contas");
 *         browser.axe("contas");
 *     }
 * }
 * </pre>
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@ExtendWith(BrowserExtension.class)
public @interface BrowserTest {}
