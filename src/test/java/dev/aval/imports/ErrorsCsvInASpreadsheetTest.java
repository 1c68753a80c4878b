package dev.aval.imports;

import static dev.aval.support.Api.newCpf;
import static dev.aval.support.Waits.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.aval.imports.ImportResourceTest.Tenant;
import dev.aval.support.AvalTest;
import io.restassured.path.json.JsonPath;

/**
 * The failed-rows CSV opened as a spreadsheet user opens it (issue 15, item 5): LibreOffice Calc,
 * headless, imports it as CSV (comma, double quotes, UTF-8) and saves it as xlsx; no cell of the
 * result may be a formula. The same conversion of a control file with raw {@code =} cells must
 * give formulas, so the check is known to see them. Needs {@code soffice}
 * ({@code apt-get install libreoffice-calc-nogui}): skipped without it, failed without it in CI
 * ({@code CI=true}), like the browser tests.
 */
@AvalTest
class ErrorsCsvInASpreadsheetTest {

    private static final Path SOFFICE = Path.of("/usr/bin/soffice");
    private static final Pattern FORMULA = Pattern.compile("<f[ >]");
    private static final Pattern TEXT = Pattern.compile("<t[^>]*>([^<]*)</t>");

    @TempDir
    Path dir;

    @Test
    void noCellOfTheFailedRowsCsvIsAFormulaInLibreOfficeCalc() throws Exception {
        if (!Files.isExecutable(SOFFICE)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("soffice is missing: apt-get install libreoffice-calc-nogui (CI installs it)");
            }
            Assumptions.abort(
                    "soffice is missing (apt-get install libreoffice-calc-nogui): the spreadsheet check is skipped");
        }
        Tenant t = Tenant.create();
        String csv = "document,email,creditLimit\n"
                + newCpf() + ",=HYPERLINK(\"http://evil.example\"),100\n"
                + "@SUM(1+1),a@x.com,-3\n"
                + "+5511999999999,\"\tb@x.com\",+7\n"
                + "-2+3,=1+1,=2*3\n";
        String id = given().header("Authorization", "Bearer " + t.key())
                .contentType("text/csv")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post(t.imports() + "?mode=CREATE")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        JsonPath job = Awaitility.await("import " + id + " ending")
                .atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> given().header("Authorization", "Bearer " + t.key())
                                .get(t.imports() + "/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        j -> j.getString("status").equals("COMPLETED"));
        assertEquals(4, job.getInt("failedCount"), job.prettify());
        byte[] errors = given().header("Authorization", "Bearer " + t.key())
                .accept("text/csv")
                .get(t.imports() + "/" + id + "/errors")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();

        Files.write(dir.resolve("errors.csv"), errors);
        // the control: the same kind of cells, not neutralised, as another service might have written them
        Files.writeString(
                dir.resolve("control.csv"),
                "document,email,creditLimit,error\n"
                        + "\"=HYPERLINK(\"\"http://evil.example\"\")\",=1+1,@SUM(1+1),+7\n",
                StandardCharsets.UTF_8);
        convert(dir.resolve("errors.csv"), dir.resolve("control.csv"));

        Sheet control = sheet(dir.resolve("control.xlsx"));
        assertTrue(
                control.formulas() >= 2,
                "LibreOffice reads raw '=' cells as formulas; this check sees them: " + control.xml());
        Sheet sheet = sheet(dir.resolve("errors.xlsx"));
        assertEquals(0, sheet.formulas(), "a formula in the failed-rows CSV: " + sheet.xml());
        // and the cells read as what was uploaded, marked as text
        assertTrue(
                sheet.texts().contains("'=HYPERLINK(\"http://evil.example\")"),
                sheet.texts().toString());
        assertTrue(sheet.texts().contains("'@SUM(1+1)"), sheet.texts().toString());
        assertTrue(sheet.texts().contains("'=1+1"), sheet.texts().toString());
        assertTrue(sheet.texts().contains("'-2+3"), sheet.texts().toString());
    }

    /** Calc, headless, opening each file as CSV (comma, '"', UTF-8, from line 1) and saving it as xlsx. */
    private void convert(Path... csvs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                SOFFICE.toString(),
                "--headless",
                "--norestore",
                "-env:UserInstallation=" + dir.resolve("profile").toUri(),
                "--infilter=CSV:44,34,76,1",
                "--convert-to",
                "xlsx",
                "--outdir",
                dir.toString()));
        for (Path csv : csvs) {
            command.add(csv.toString());
        }
        Process soffice = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("soffice.log").toFile())
                .start();
        if (!soffice.waitFor(180, TimeUnit.SECONDS)) {
            soffice.destroyForcibly();
            fail("soffice did not convert within 180 s: " + Files.readString(dir.resolve("soffice.log")));
        }
        for (Path csv : csvs) {
            Path xlsx = dir.resolve(csv.getFileName().toString().replace(".csv", ".xlsx"));
            assertTrue(Files.exists(xlsx), "no " + xlsx + ": " + Files.readString(dir.resolve("soffice.log")));
        }
    }

    /** The first sheet's cells: formulas counted, texts (inline or shared) read back. */
    record Sheet(String xml, int formulas, List<String> texts) {}

    private static Sheet sheet(Path xlsx) throws IOException {
        try (ZipFile zip = new ZipFile(xlsx.toFile())) {
            String sheet = new String(
                    zip.getInputStream(zip.getEntry("xl/worksheets/sheet1.xml")).readAllBytes(),
                    StandardCharsets.UTF_8);
            var shared = zip.getEntry("xl/sharedStrings.xml");
            String strings =
                    shared == null ? "" : new String(zip.getInputStream(shared).readAllBytes(), StandardCharsets.UTF_8);
            int formulas = 0;
            for (Matcher m = FORMULA.matcher(sheet); m.find(); ) {
                formulas++;
            }
            List<String> texts = new ArrayList<>();
            for (Matcher m = TEXT.matcher(strings + sheet); m.find(); ) {
                texts.add(m.group(1)
                        .replace("&quot;", "\"")
                        .replace("&apos;", "'")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&amp;", "&"));
            }
            return new Sheet(sheet, formulas, texts);
        }
    }
}
