package dev.aval.console.browser;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.aval.console.browser.Chromium.Outcome;
import dev.aval.console.browser.Chromium.Verdict;

/** The skip-or-fail rule of {@link BrowserTest}, on paths of its own (the installed packages untouched). */
class ChromiumTest {

    @TempDir
    Path dir;

    @Test
    void aMissingBrowserIsSkippedOutsideCi() throws IOException {
        Path driver = executable("chromedriver");
        for (String ci : new String[] {null, "", "false", "1"}) {
            Verdict verdict = Chromium.verdict(dir.resolve("chromium"), driver, ci);
            assertEquals(Outcome.SKIP, verdict.outcome(), "CI=" + ci);
            assertEquals(
                    "browser tests skipped: Debian's chromium and chromium-driver are not installed"
                            + " (apt-get install -y chromium chromium-driver); missing: " + dir.resolve("chromium"),
                    verdict.message());
        }
    }

    @Test
    void aMissingBrowserOrDriverFailsInCi() throws IOException {
        Path chromium = executable("chromium");
        Path driver = executable("chromedriver");
        for (String ci : new String[] {"true", "TRUE", " true "}) {
            Verdict verdict = Chromium.verdict(dir.resolve("none"), driver, ci);
            assertEquals(Outcome.FAIL, verdict.outcome());
            assertThat(verdict.message(), containsString("browser tests must run in CI (CI=true)"));
            assertThat(verdict.message(), containsString("missing: " + dir.resolve("none")));
        }
        Verdict noDriver = Chromium.verdict(chromium, dir.resolve("none"), "true");
        assertEquals(Outcome.FAIL, noDriver.outcome());
        assertThat(noDriver.message(), containsString("missing: " + dir.resolve("none")));
    }

    @Test
    void aFileThatIsNotExecutableCountsAsMissing() throws IOException {
        Path chromium = Files.writeString(dir.resolve("chromium"), "");
        assertEquals(
                Outcome.SKIP,
                Chromium.verdict(chromium, executable("chromedriver"), null).outcome());
    }

    @Test
    void bothInstalledRunInCiAndOutside() throws IOException {
        Path chromium = executable("chromium");
        Path driver = executable("chromedriver");
        assertEquals(Outcome.RUN, Chromium.verdict(chromium, driver, "true").outcome());
        assertEquals(Outcome.RUN, Chromium.verdict(chromium, driver, null).outcome());
    }

    private Path executable(String name) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
