package dev.aval.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.aval.imports.ChunkReader.Item;
import dev.aval.platform.Problem.FieldError;

/**
 * The limits of api.md "Imports" on crafted files, without Quarkus: what a cell, a number and
 * a line may cost. Each test is bounded by a timeout: before the limits, a 20-million-digit
 * number was handed to {@code new BigDecimal} (hours of one core) and a line without a break was
 * buffered whole.
 */
class CsvLimitsTest {

    private static final String HEADER = "documentType,document,email,creditLimit,tolerance\n";
    /** Far below what parsing a 20-million-digit BigDecimal or buffering 20 MB as one cell would take. */
    private static final Duration FAST = Duration.ofSeconds(10);

    private static ValidatorFactory factory;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void validator() {
        factory = Validation.byDefaultProvider()
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    /** HEADER, then {@code before}, {@code n} times {@code c}, then {@code after}, streamed to disk. */
    private Path file(String before, char c, int n, String after) throws IOException {
        Path file = Files.createTempFile(dir, "crafted", ".csv");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write((HEADER + before).getBytes(StandardCharsets.UTF_8));
            byte[] block = new byte[1 << 16];
            java.util.Arrays.fill(block, (byte) c);
            for (int left = n; left > 0; left -= block.length) {
                out.write(block, 0, Math.min(left, block.length));
            }
            out.write(after.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "crafted", ".csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static List<Item> items(Path file) throws Exception {
        CsvFile.Shape shape = CsvFile.detect(file);
        try (ChunkReader reader = ChunkReader.open(file, shape, validator, 1000, 0)) {
            return reader.next();
        }
    }

    private static List<FieldError> errors(Item item) {
        assertNull(item.row(), "a valid row: " + item.record());
        return item.invalid().errors();
    }

    @Test
    void aNumberOfTwentyMillionDigitsFailsTheFileFastWithoutBeingParsed() throws Exception {
        Path file = file("CPF,12345678909,a@b.com,", '9', 20_000_000, ",0.1\nCPF,11144477735,c@d.com,10,\n");
        CsvFile.Unreadable refused = assertTimeoutPreemptively(
                FAST,
                () -> assertThrows(CsvFile.Unreadable.class, () -> ChunkReader.count(file, CsvFile.detect(file))));
        assertEquals(
                "line 2 is longer than 64 KiB (65536 bytes); a cell may have lost its closing quote",
                refused.getMessage());
    }

    @Test
    void aQuotedCellOverManyShortLinesCountsAsOneLine() throws Exception {
        // each physical line is short, but the record goes on: without the rule the parser would buffer it all
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            cell.append("0123456789\n");
        }
        Path file = write(HEADER + "CPF,12345678909,a@b.com,10,\n" + "CPF,11144477735,\"" + cell + "\",10,\n");
        CsvFile.Unreadable refused = assertTimeoutPreemptively(
                FAST,
                () -> assertThrows(CsvFile.Unreadable.class, () -> ChunkReader.count(file, CsvFile.detect(file))));
        assertTrue(refused.getMessage().startsWith("line 3 is longer than 64 KiB"), refused.getMessage());
    }

    @Test
    void aHeaderWithoutALineBreakInItsFirst64KiBFailsTheFile() throws Exception {
        Path file = Files.createTempFile(dir, "crafted", ".csv");
        Files.writeString(file, "document,email,creditLimit" + ",x".repeat(40_000), StandardCharsets.UTF_8);
        CsvFile.Unreadable refused = assertTimeoutPreemptively(
                FAST, () -> assertThrows(CsvFile.Unreadable.class, () -> CsvFile.detect(file)));
        assertTrue(refused.getMessage().startsWith("line 1 is longer than 64 KiB"), refused.getMessage());
    }

    @Test
    void aLineJustUnder64KiBIsReadAndItsLongCellIsARowError() throws Exception {
        int digits = LineLimit.MAX_LINE - "CPF,12345678909,a@b.com,,0.1\n".length();
        Path file = file("CPF,12345678909,a@b.com,", '7', digits, ",0.1\nCPF,11144477735,c@d.com,10,\n");
        List<Item> items = assertTimeoutPreemptively(FAST, () -> items(file));
        assertEquals(2, items.size());
        assertEquals(List.of(new FieldError("creditLimit", "is longer than 320 characters")), errors(items.get(0)));
        assertEquals("12345678909", items.get(0).invalid().document());
        assertTrue(items.get(0).invalid().documentValid(), "the document of a row refused for another cell is met");
        assertEquals(3, items.get(1).record().line());
        assertEquals("11144477735", items.get(1).row().document());
    }

    @Test
    void aCellOver320CharactersIsARowErrorNamingItsColumn() throws Exception {
        Path file = write(HEADER
                + "CPF,12345678909," + "a".repeat(315) + "@b.com,10,\n"
                + "CPF,11144477735," + "a".repeat(308) + "@b.com,10,\n"
                + "CPF," + "1".repeat(321) + ",c@d.com,10,\n");
        List<Item> items = items(file);
        assertEquals(List.of(new FieldError("email", "is longer than 320 characters")), errors(items.get(0)));
        assertTrue(
                errors(items.get(1)).stream().noneMatch(e -> e.message().contains("320")),
                "314 characters are within the limit (the email rules speak for themselves)");
        assertEquals(List.of(new FieldError("document", "is longer than 320 characters")), errors(items.get(2)));
        assertEquals("", items.get(2).invalid().document(), "a document over the limit is not kept");
    }

    @Test
    void aNumberOver24CharactersIsRefusedWithoutBeingParsed() throws Exception {
        String number25 = "1".repeat(22) + ".00";
        Path file = write(HEADER
                + "CPF,12345678909,a@b.com," + number25 + ",\n"
                + "CPF,11144477735,c@d.com,10," + "0.".concat("0".repeat(23)) + "\n"
                + "CPF,52998224725,e@f.com," + "1".repeat(21) + ".00,\n");
        List<Item> items = items(file);
        assertEquals(
                List.of(new FieldError("creditLimit", "must be a number of at most 24 characters")),
                errors(items.get(0)));
        assertEquals(
                List.of(new FieldError("tolerance", "must be a number of at most 24 characters")),
                errors(items.get(1)));
        // 24 characters are parsed, and then the amount's own bound speaks
        assertEquals("creditLimit", errors(items.get(2)).get(0).field());
        assertTrue(
                errors(items.get(2)).get(0).message().startsWith("must be at most 999999999999.99"),
                errors(items.get(2)).toString());
        assertNull(RowValidator.parseNumber(number25, false));
        assertNull(RowValidator.parseNumber("9".repeat(20_000_000), false));
    }

    @Test
    void theErrorColumnOfAFailedRowsFileIsExemptFromTheCellLimit() throws Exception {
        Path file = write("documentType,document,email,creditLimit,tolerance,error\n" + "CPF,12345678909,a@b.com,10,,"
                + "x".repeat(400) + "\n");
        List<Item> items = items(file);
        assertEquals("12345678909", items.get(0).row().document());
    }

    @Test
    void chunksOfLongRecordsAreCutByCharactersNotOnlyByCount() throws Exception {
        StringBuilder csv = new StringBuilder(HEADER);
        String wide = "x".repeat(60_000);
        for (int i = 0; i < 100; i++) {
            csv.append("CPF,12345678909,a@b.com,10,,").append(wide).append('\n');
        }
        Path file = write(csv.toString());
        CsvFile.Shape shape = CsvFile.detect(file);
        try (ChunkReader reader = ChunkReader.open(file, shape, validator, 1000, 0)) {
            List<Item> first = reader.next();
            assertTrue(first.size() < 100 && first.size() >= 30, "chunk of " + first.size());
            assertTrue(!reader.ended());
            int total = first.size();
            List<Item> chunk;
            while (!(chunk = reader.next()).isEmpty()) {
                total += chunk.size();
            }
            assertEquals(100, total);
            assertTrue(reader.ended());
        }
    }
}
