package dev.aval.console.browser;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import dev.aval.support.AvalTest;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * The browser chain end to end, before the console exists: the service's own Swagger UI
 * (rendered by JavaScript, so only a real browser shows it) opened in Debian's Chromium,
 * screenshotted, and the axe-core check shown to fail on a broken page and pass on a clean one.
 */
@AvalTest
@BrowserTest
class BrowserSmokeTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void swaggerUiRendersInChromiumAndIsScreenshotted(Browser browser) throws IOException {
        browser.desktop().go(base + "q/swagger-ui/");
        assertThat(browser.find(By.cssSelector(".swagger-ui .info .title")).getText(), containsString("Aval API"));
        browser.find(By.cssSelector(".swagger-ui .opblock"));

        Path png = browser.testScreenshot("smoke-swagger-ui");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Browser.DESKTOP.getWidth(), image.getWidth(), "the screenshot is the desktop viewport");
        assertEquals(Browser.DESKTOP.getHeight(), image.getHeight(), "the screenshot is the desktop viewport");
    }

    @Test
    void phoneAndDesktopViewports(Browser browser) throws IOException {
        browser.go(page(
                "<meta name='viewport' content='width=device-width, initial-scale=1'>", "<main><h1>Sizes</h1></main>"));
        assertEquals(List.of(390L, 844L), viewport(browser.phone()));
        BufferedImage phone = ImageIO.read(browser.testScreenshot("smoke-phone").toFile());
        assertEquals(List.of(390, 844), List.of(phone.getWidth(), phone.getHeight()));

        browser.go(page("<main><h1>No viewport tag</h1></main>"));
        assertEquals(
                980L, viewport(browser).get(0), "as on a phone, a page without a viewport tag is laid out 980 px wide");

        assertEquals(List.of(1366L, 900L), viewport(browser.desktop()));
    }

    @Test
    void asksForPagesInPortugueseByDefault(Browser browser) {
        browser.go(page("<main><h1>Idioma</h1></main>"));
        assertEquals("pt-BR", browser.driver().executeScript("return navigator.language"));
    }

    @Test
    void axeFailsOnASeriousViolationListingIt(Browser browser) {
        browser.go(page("<main><h1>Broken</h1><img src='" + PIXEL + "'></main>"));
        AssertionError failure = assertThrows(AssertionError.class, () -> browser.axe("smoke-broken"));
        String message = failure.getMessage();
        assertThat(message, containsString("on screen \"smoke-broken\""));
        assertThat(message, containsString("image-alt [critical] Images must have alternative text"));
        assertThat(message, containsString("https://dequeuniversity.com/rules/axe/"));
        assertThat(message, containsString("at img  <img src=\"data:image/gif;base64,"));
    }

    @Test
    void axePassesACleanPageEvenUnderAStrictContentSecurityPolicy(Browser browser) {
        // The console's CSP allows no inline script: axe is injected by WebDriver, which it doesn't block.
        browser.go(page(
                "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src data:\">",
                "<main><h1>Clean</h1><img src='" + PIXEL
                        + "' alt='A dot'></main><script>document.title = 'inline ran'</script>"));
        assertEquals("Smoke", browser.driver().getTitle(), "the policy is in force: the inline script did not run");
        browser.axe("smoke-clean");
        assertThat(browser.axeViolations().toString(), not(containsString("image-alt")));
    }

    @SuppressWarnings("unchecked")
    private static List<Long> viewport(Browser browser) {
        return (List<Long>) browser.driver().executeScript("return [window.innerWidth, window.innerHeight]");
    }

    private static final String PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==";

    /** A small, otherwise valid page (language, title, landmark) as a data: URL. */
    private static String page(String body) {
        return page("", body);
    }

    private static String page(String head, String body) {
        String html = "<!doctype html><html lang='en'><head><meta charset='utf-8'>" + head
                + "<title>Smoke</title></head>" + "<body>" + body + "</body></html>";
        return "data:text/html;base64," + Base64.getEncoder().encodeToString(html.getBytes(UTF_8));
    }
}
