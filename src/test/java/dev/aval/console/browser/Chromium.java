package dev.aval.console.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Where Debian's Chromium and its driver are, and the one rule for when they are not: a
 * developer's run skips the browser tests, CI's run ({@code CI=true}) fails them.
 *
 * <p>The paths are Debian's; the system properties {@code aval.browser.chromium} and
 * {@code aval.browser.chromedriver} override them only to show the skip and failure paths
 * without touching the installed packages (e.g. {@code -Daval.browser.chromium=/nonexistent}).
 */
final class Chromium {

    static final String SKIPPED = "browser tests skipped: Debian's chromium and chromium-driver are not installed"
            + " (apt-get install -y chromium chromium-driver)";

    /** What the browser tests do here: run, be skipped, or fail; {@code message} says why for the last two. */
    record Verdict(Outcome outcome, String message) {}

    enum Outcome {
        RUN,
        SKIP,
        FAIL
    }

    private Chromium() {}

    static Path binary() {
        return Path.of(System.getProperty("aval.browser.chromium", "/usr/bin/chromium"));
    }

    static Path driver() {
        return Path.of(System.getProperty("aval.browser.chromedriver", "/usr/bin/chromedriver"));
    }

    /** The verdict on this machine: the paths above and the environment variable {@code CI}. */
    static Verdict verdict() {
        return verdict(binary(), driver(), System.getenv("CI"));
    }

    /** The rule itself, on given paths and a given value of {@code CI}. */
    static Verdict verdict(Path binary, Path driver, String ci) {
        List<String> missing = new ArrayList<>();
        for (Path path : List.of(binary, driver)) {
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                missing.add(path.toString());
            }
        }
        if (missing.isEmpty()) {
            return new Verdict(Outcome.RUN, "Debian's chromium and chromedriver are installed");
        }
        String which = "missing: " + String.join(", ", missing);
        if (ci != null && "true".equalsIgnoreCase(ci.trim())) {
            return new Verdict(
                    Outcome.FAIL,
                    "browser tests must run in CI (CI=true) but Debian's chromium and"
                            + " chromium-driver are not installed (" + which + "); .ci/run installs them with apt-get"
                            + " before ./mvnw verify");
        }
        return new Verdict(Outcome.SKIP, SKIPPED + "; " + which);
    }

    /**
     * For a test that opens a browser itself ({@link Browser#open()}): returns when the browser
     * can run, aborts the test (a JUnit assumption: reported as skipped) where it is missing,
     * fails it where it is missing in CI.
     */
    static void require() {
        Verdict verdict = verdict();
        switch (verdict.outcome()) {
            case RUN -> {}
            case FAIL -> Assertions.fail(verdict.message());
            case SKIP -> {
                System.err.println(verdict.message());
                Assumptions.abort(verdict.message());
            }
        }
    }
}
