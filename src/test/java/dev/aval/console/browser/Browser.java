package dev.aval.console.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver through Selenium — for the
 * console's end-to-end tests. Nothing is downloaded: both executables are given by path, so
 * Selenium Manager never runs. Every wait is bounded ({@link #WAIT}); nothing sleeps.
 *
 * <p>Get one from {@link BrowserTest} (a {@code Browser} parameter, closed after the class) or
 * from {@link #open()} (then close it yourself).
 */
public final class Browser implements AutoCloseable {

    /** How long {@link #waitUntil}, {@link #find} and {@link #go} wait at most. */
    public static final Duration WAIT = Duration.ofSeconds(10);
    /** A phone (the console must work down to 390 px wide). */
    public static final Dimension PHONE = new Dimension(390, 844);

    public static final Dimension DESKTOP = new Dimension(1366, 900);
    /** The console's default language; {@link #open(String)} asks for another. */
    public static final String PT_BR = "pt-BR,pt";

    /** Where every screenshot goes, under the build directory. */
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** System property or environment variable naming a second folder for screenshots (e.g. docs/console). */
    public static final String SCREENSHOTS_DIR = "AVAL_SCREENSHOTS_DIR";

    static final List<String> FLAGS = List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-dev-shm-usage");

    private static final Duration PAGE_LOAD = Duration.ofSeconds(30);
    private static final Duration SCRIPT = Duration.ofSeconds(30);
    private static final Duration DRIVER_START = Duration.ofSeconds(30);
    private static final Duration COMMAND = Duration.ofSeconds(60);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Set<String> FAILING_IMPACTS = Set.of("serious", "critical");

    /*
     * Selenium warns at every start that it has no CDP bindings for this Chromium version: only
     * selenium-chrome-driver is on the classpath, no selenium-devtools-vNNN (which would have to
     * follow Debian's Chromium release by release), and these tests need none: WebDriver, and for
     * phone() chromedriver's own CDP pass-through (executeCdpCommand). A strong reference:
     * java.util.logging keeps loggers only weakly.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** A new headless Chromium asking for pages in pt-BR, at desktop size. */
    public static Browser open() {
        return open(PT_BR);
    }

    /**
     * A new headless Chromium with a fresh profile, sending {@code acceptLanguage} (e.g.
     * {@code "en-US,en"}), at desktop size. Skips the test where Chromium is not installed
     * (fails it in CI): see {@link BrowserTest}.
     */
    public static Browser open(String acceptLanguage) {
        Chromium.require();
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
        Path profile;
        try {
            profile = Files.createTempDirectory("aval-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Chromium.driver().toFile())
                .usingAnyFreePort()
                .withTimeout(DRIVER_START)
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Chromium.binary().toFile());
        options.addArguments(FLAGS);
        options.addArguments(
                "--user-data-dir=" + profile, "--lang=" + acceptLanguage.split(",")[0]);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguage));
        options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
        options.setPageLoadTimeout(PAGE_LOAD);
        options.setScriptTimeout(SCRIPT);
        options.setImplicitWaitTimeout(Duration.ZERO);
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(
                    service, options, ClientConfig.defaultConfig().readTimeout(COMMAND));
        } catch (RuntimeException e) {
            service.stop();
            delete(profile);
            throw e;
        }
        Browser browser = new Browser(service, driver, profile);
        try {
            return browser.desktop();
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
    }

    /** The Selenium driver, for anything these helpers don't cover. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code absoluteUrl} (e.g. {@code base + "console/"}) and waits until the document is loaded. */
    public Browser go(String absoluteUrl) {
        driver.get(absoluteUrl);
        waitUntil(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    /**
     * A phone: a 390 x 844 viewport emulated as a mobile device (Chromium's device emulation), so
     * a page lays out as on a real phone — one without {@code <meta name="viewport"
     * content="width=device-width">} is laid out 980 px wide and shrunk. Screenshots are 390 x 844.
     */
    public Browser phone() {
        viewport(PHONE);
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", PHONE.getWidth(), "height", PHONE.getHeight(), "deviceScaleFactor", 1, "mobile", true));
        return this;
    }

    /** A desktop: a 1366 x 900 viewport, no device emulation. Screenshots are 1366 x 900. */
    public Browser desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        return viewport(DESKTOP);
    }

    /**
     * Sizes the window so that its viewport (what the page lays out in, what a screenshot shows)
     * is {@code size}: headless Chromium keeps room for a window frame, and reports an outer
     * width of at least 500, so the frame is measured from the viewport it gave.
     */
    private Browser viewport(Dimension size) {
        driver.manage().window().setSize(size);
        @SuppressWarnings("unchecked")
        List<Long> inner = (List<Long>) driver.executeScript("return [window.innerWidth, window.innerHeight]");
        int width = size.getWidth() + (size.getWidth() - inner.get(0).intValue());
        int height = size.getHeight() + (size.getHeight() - inner.get(1).intValue());
        if (width != size.getWidth() || height != size.getHeight()) {
            driver.manage().window().setSize(new Dimension(width, height));
        }
        return this;
    }

    /**
     * Waits (at most {@link #WAIT}) until {@code condition} holds, and returns its value. An element
     * the page replaces while the condition reads it (the import page swaps its progress fragment
     * every second) is looked up again at the next poll rather than failing the wait.
     */
    public <T> T waitUntil(ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT)
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /**
     * Holds when the element {@code css} selects has {@code attribute} equal to {@code value}, read
     * in one script: between finding an element and reading it, a page swapping that fragment can
     * detach the node, which chromedriver reports as an "unknown error" rather than a stale element.
     */
    public static ExpectedCondition<Boolean> attributeIs(String css, String attribute, String value) {
        return driver -> value.equals(((JavascriptExecutor) driver)
                .executeScript(
                        "const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1]);",
                        css,
                        attribute));
    }

    /** Holds when the text of the element {@code css} selects contains {@code text}, read as {@link #attributeIs} is. */
    public static ExpectedCondition<Boolean> textContains(String css, String text) {
        return driver -> {
            Object read = ((JavascriptExecutor) driver)
                    .executeScript("const e = document.querySelector(arguments[0]); return e && e.textContent;", css);
            return read instanceof String found && found.contains(text);
        };
    }

    /** The element {@code by} finds, once it is visible (waiting at most {@link #WAIT}). */
    public WebElement find(By by) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * Saves what the window shows as {@code target/console-screenshots/<name>.png} and, when the
     * system property or environment variable {@value #SCREENSHOTS_DIR} names a folder, as
     * {@code <that folder>/<name>.png} too. Returns the first.
     */
    public Path screenshot(String name) {
        return screenshot(name, true);
    }

    /** A screenshot a test reads itself (not a picture of the console): under the build directory only. */
    public Path testScreenshot(String name) {
        return screenshot(name, false);
    }

    private Path screenshot(String name, boolean shown) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a screenshot name is letters, digits, '.', '_' or '-': " + name);
        }
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        List<Path> folders = new ArrayList<>(List.of(SCREENSHOTS));
        String extra = System.getProperty(SCREENSHOTS_DIR, System.getenv(SCREENSHOTS_DIR));
        if (shown && extra != null && !extra.isBlank()) {
            folders.add(Path.of(extra));
        }
        try {
            for (Path folder : folders) {
                Files.createDirectories(folder);
                Files.write(folder.resolve(name + ".png"), png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folders.get(0).resolve(name + ".png");
    }

    /**
     * One rule that axe-core found broken on the page; {@code targets}: each element that breaks
     * it, as its CSS selector (frames joined by {@code " >> "}) and the start of its HTML.
     */
    public record Violation(String id, String impact, String help, String helpUrl, List<String> targets) {}

    /** Runs axe-core (Deque's, from its Maven artifact) on the current page; every violation, any impact. */
    public List<Violation> axeViolations() {
        Results results = new AxeBuilder().setTimeout((int) SCRIPT.toSeconds()).analyze(driver);
        if (results.isErrored()) {
            Assertions.fail("axe-core could not run on " + driver.getCurrentUrl() + ": " + results.getErrorMessage());
        }
        List<Violation> violations = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            List<String> targets = new ArrayList<>();
            for (CheckedNode node : rule.getNodes()) {
                targets.add(selector(node.getTarget()) + "  " + abbreviate(String.valueOf(node.getHtml())));
            }
            violations.add(new Violation(rule.getId(), rule.getImpact(), rule.getHelp(), rule.getHelpUrl(), targets));
        }
        return violations;
    }

    /**
     * Runs axe-core on the current page and fails the test when it finds any violation of
     * impact {@code serious} or {@code critical}, listing each (id, impact, help, the elements'
     * selectors). Violations of lesser impact are not failures.
     */
    public void axe(String screenName) {
        List<Violation> failing = axeViolations().stream()
                .filter(v -> FAILING_IMPACTS.contains(v.impact()))
                .toList();
        if (failing.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder()
                .append("axe-core: ")
                .append(failing.size())
                .append(" serious or critical accessibility violation")
                .append(failing.size() == 1 ? "" : "s")
                .append(" on screen \"")
                .append(screenName)
                .append("\" (")
                .append(abbreviate(driver.getCurrentUrl()))
                .append("):");
        for (Violation v : failing) {
            message.append("\n  - ")
                    .append(v.id())
                    .append(" [")
                    .append(v.impact())
                    .append("] ")
                    .append(v.help())
                    .append("\n      ")
                    .append(v.helpUrl());
            for (String target : v.targets()) {
                message.append("\n      at ").append(target);
            }
        }
        Assertions.fail(message.toString());
    }

    /** axe's target: a selector, or a list of them (one per frame, a nested list inside a shadow root). */
    private static String selector(Object target) {
        if (target instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object part : list) {
                parts.add(
                        part instanceof List<?> shadow
                                ? String.join(
                                        " >>> ",
                                        shadow.stream().map(String::valueOf).toList())
                                : String.valueOf(part));
            }
            return String.join(" >> ", parts);
        }
        return String.valueOf(target);
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    /** Quits Chromium and its driver and deletes the profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary folder: the system cleans it up eventually
        }
    }
}
