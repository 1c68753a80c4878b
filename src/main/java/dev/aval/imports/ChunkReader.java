package dev.aval.imports;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Validator;

import dev.aval.credit.AccountImportWriter;
import dev.aval.platform.Problem.FieldError;

/**
 * Reads a job's file into chunks of checked records: each record validated
 * ({@link RowValidator}) and its document checked against the ones met earlier in the file
 * ({@link SeenDocuments}). Plain blocking file work with no database and no Quarkus: the queue
 * calls it on its own thread, one call at a time.
 */
final class ChunkReader implements Closeable {

    /**
     * Characters of cells one chunk may hold: 1,000 ordinary records take ~60,000; records near
     * the 64 KiB line limit end a chunk after a few dozen.
     */
    static final long MAX_CHUNK_CHARS = 2L * 1024 * 1024;

    static final FieldError DUPLICATE = new FieldError("document", "appears more than once in this file");

    /** One CSV record on its way: a valid row, or its errors. */
    record Item(CsvFile.Record record, AccountImportWriter.Row row, RowCheck.Invalid invalid) {
    }

    private final CsvFile csv;
    private final RowValidator rows;
    private final SeenDocuments seen = new SeenDocuments();
    private final int chunkSize;
    private volatile boolean ended;

    private ChunkReader(CsvFile csv, RowValidator rows, int chunkSize) {
        this.csv = csv;
        this.rows = rows;
        this.chunkSize = chunkSize;
    }

    /**
     * Opens the file and skips the {@code committed} records applied before a restart,
     * remembering their documents (a later duplicate of one of them is still a row error).
     */
    static ChunkReader open(Path file, CsvFile.Shape shape, Validator validator, int chunkSize, int committed)
            throws Exception {
        ChunkReader reader = new ChunkReader(CsvFile.open(file, shape), new RowValidator(shape, validator), chunkSize);
        try {
            for (int i = 0; i < committed; i++) {
                reader.classify(reader.csv.next());
            }
        } catch (Exception | Error e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    /** How many records the file holds (header and blank lines not counted). */
    static int count(Path file, CsvFile.Shape shape) throws Exception {
        int n = 0;
        try (CsvFile csv = CsvFile.open(file, shape)) {
            while (csv.next() != null) {
                n++;
            }
        }
        return n;
    }

    int chunkSize() {
        return chunkSize;
    }

    /**
     * The next chunk: {@code chunkSize} items, or fewer once they hold {@link #MAX_CHUNK_CHARS}
     * characters of cells (a chunk of long records stays small in memory) or at the end of the
     * file; none past it.
     */
    List<Item> next() throws CsvFile.Unreadable {
        List<Item> chunk = new ArrayList<>(Math.min(chunkSize, 1024));
        long chars = 0;
        CsvFile.Record record;
        while (chunk.size() < chunkSize && chars < MAX_CHUNK_CHARS) {
            record = csv.next();
            if (record == null) {
                ended = true;
                break;
            }
            chunk.add(classify(record));
            for (String value : record.values()) {
                chars += value.length() + 1;
            }
        }
        return chunk;
    }

    /** True once a chunk stopped at the end of the file (the last one, possibly empty, was returned). */
    boolean ended() {
        return ended;
    }

    /**
     * Validates a record and checks its document against the ones met earlier in the file. A
     * document counts as met as soon as it is valid, even in a row refused for another field:
     * "a document twice in one file: the second is a row error", whichever row is the bad one.
     */
    private Item classify(CsvFile.Record record) {
        RowCheck checked = rows.validate(record);
        if (checked instanceof RowCheck.Valid valid) {
            AccountImportWriter.Row row = valid.row();
            if (!seen.add(row.document())) {
                return new Item(record, null,
                        new RowCheck.Invalid(record.line(), row.document(), true, List.of(DUPLICATE)));
            }
            return new Item(record, row, null);
        }
        RowCheck.Invalid invalid = (RowCheck.Invalid) checked;
        if (invalid.documentValid() && !seen.add(invalid.document())) {
            invalid = invalid.withFirst(DUPLICATE);
        }
        return new Item(record, null, invalid);
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
