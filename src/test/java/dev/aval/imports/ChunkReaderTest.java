package dev.aval.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.aval.imports.ChunkReader.Item;

/** The chunk reader on its own: a small file in, chunks of checked records out, without Quarkus nor a database. */
class ChunkReaderTest {

    private static final String HEADER = "documentType,document,email,creditLimit,tolerance\n";

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

    private Path write(String text) throws Exception {
        Path file = Files.createTempFile(dir, "import", ".csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static List<List<Item>> chunks(Path file, int chunkSize, int committed) throws Exception {
        CsvFile.Shape shape = CsvFile.detect(file);
        try (ChunkReader reader = ChunkReader.open(file, shape, validator, chunkSize, committed)) {
            List<List<Item>> chunks = new java.util.ArrayList<>();
            List<Item> chunk;
            while (!(chunk = reader.next()).isEmpty()) {
                chunks.add(chunk);
            }
            return chunks;
        }
    }

    @Test
    void recordsComeInChunksOfTheGivenSizeThenNone() throws Exception {
        Path file = write(HEADER
                + "CPF,12345678909,a@b.com,10,\n"
                + "CPF,11144477735,c@d.com,20,\n"
                + "CPF,52998224725,e@f.com,30,\n");
        List<List<Item>> chunks = chunks(file, 2, 0);
        assertEquals(2, chunks.size());
        assertEquals(2, chunks.get(0).size());
        assertEquals(1, chunks.get(1).size());
        Item first = chunks.get(0).get(0);
        assertEquals(2, first.record().line());
        assertNotNull(first.row());
        assertNull(first.invalid());
        assertEquals("12345678909", first.row().document());
        assertEquals(3, ChunkReader.count(file, CsvFile.detect(file)));
    }

    @Test
    void anInvalidRecordCarriesItsErrorsNotARow() throws Exception {
        Path file = write(HEADER + "CPF,12345678900,not-an-email,-1,\n");
        Item item = chunks(file, 10, 0).get(0).get(0);
        assertNull(item.row());
        assertNotNull(item.invalid());
        assertEquals(2, item.invalid().line());
        assertTrue(
                item.invalid().errors().stream().anyMatch(e -> e.field().equals("email")),
                item.invalid().toString());
        assertTrue(
                item.invalid().errors().stream().anyMatch(e -> e.field().equals("creditLimit")),
                item.invalid().toString());
    }

    @Test
    void aDocumentTwiceInOneChunkMakesTheSecondARowErrorWhateverTheBadRow() throws Exception {
        Path file = write(HEADER
                + "CPF,12345678909,a@b.com,10,\n"
                + "CPF,123.456.789-09,c@d.com,20,\n"
                + "CPF,11144477735,bad-email,20,\n"
                + "CPF,11144477735,e@f.com,20,\n");
        List<Item> chunk = chunks(file, 10, 0).get(0);
        Set<String> met = ChunkReader.metDocuments(chunk);
        assertEquals(List.of("12345678909", "11144477735"), List.copyOf(met));
        List<Item> checked = ChunkReader.withDuplicates(chunk, met);
        assertNotNull(checked.get(0).row());
        assertNull(checked.get(1).row());
        assertEquals(List.of(ChunkReader.DUPLICATE), checked.get(1).invalid().errors());
        assertEquals(
                "email", checked.get(2).invalid().errors().get(0).field(), "the first one is refused for its email");
        assertEquals(
                List.of(ChunkReader.DUPLICATE),
                checked.get(3).invalid().errors(),
                "a document met in a row refused for another field is met all the same");
    }

    @Test
    void aResumedReaderSkipsCommittedRecordsAndTheirDocumentsStayMet() throws Exception {
        Path file = write(HEADER
                + "CPF,12345678909,a@b.com,10,\n"
                + "CPF,11144477735,c@d.com,20,\n"
                + "CPF,12345678909,e@f.com,30,\n");
        List<List<Item>> chunks = chunks(file, 10, 1);
        assertEquals(1, chunks.size());
        List<Item> chunk = chunks.get(0);
        assertEquals(2, chunk.size());
        assertEquals(3, chunk.get(0).record().line());
        // what the job's table of met documents answers: 12345678909 was met by the committed record
        List<Item> checked = ChunkReader.withDuplicates(chunk, Set.of("11144477735"));
        assertNotNull(checked.get(0).row());
        assertEquals(4, checked.get(1).record().line());
        assertEquals(List.of(ChunkReader.DUPLICATE), checked.get(1).invalid().errors());
    }
}
