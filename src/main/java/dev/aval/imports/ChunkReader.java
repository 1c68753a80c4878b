package dev.aval.imports;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Validator;

import dev.aval.credit.AccountImportWriter;
import dev.aval.platform.Problem.FieldError;

/**
 * Reads a job's file into chunks of checked records, each record validated
 * ({@link RowValidator}). Plain blocking file work with no database and no Quarkus: the queue
 * calls it on its own thread, one call at a time. Whether a document was met earlier in the
 * file is decided when the chunk commits ({@link #metDocuments}, {@link #withDuplicates}): the
 * documents met are kept in PostgreSQL, not here, so memory does not grow with the file.
 */
final class ChunkReader implements Closeable {

    /**
     * Characters of cells one chunk may hold: 1,000 ordinary records take ~60,000; records near
     * the 64 KiB line limit end a chunk after a few dozen.
     */
    static final long MAX_CHUNK_CHARS = 2L * 1024 * 1024;

    static final FieldError DUPLICATE = new FieldError("document", "appears more than once in this file");

    /** One CSV record on its way: a valid row, or its errors. */
    record Item(CsvFile.Record record, AccountImportWriter.Row row, RowCheck.Invalid invalid) {}

    private final CsvFile csv;
    private final RowValidator rows;
    private final int chunkSize;
    private volatile boolean ended;

    private ChunkReader(CsvFile csv, RowValidator rows, int chunkSize) {
        this.csv = csv;
        this.rows = rows;
        this.chunkSize = chunkSize;
    }

    /**
     * Opens the file and skips the {@code committed} records applied before a restart (their
     * documents are already registered with the job, so a later duplicate is still a row error).
     */
    static ChunkReader open(Path file, CsvFile.Shape shape, Validator validator, int chunkSize, int committed)
            throws Exception {
        return open(CsvFile.Source.of(file), shape, validator, chunkSize, committed);
    }

    static ChunkReader open(CsvFile.Source file, CsvFile.Shape shape, Validator validator, int chunkSize, int committed)
            throws Exception {
        ChunkReader reader = new ChunkReader(CsvFile.open(file, shape), new RowValidator(shape, validator), chunkSize);
        try {
            for (int i = 0; i < committed; i++) {
                reader.csv.next();
            }
        } catch (Exception | Error e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    /** How many records the file holds (header and blank lines not counted). */
    static int count(Path file, CsvFile.Shape shape) throws Exception {
        return count(CsvFile.Source.of(file), shape);
    }

    static int count(CsvFile.Source file, CsvFile.Shape shape) throws Exception {
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

    private Item classify(CsvFile.Record record) {
        RowCheck checked = rows.validate(record);
        if (checked instanceof RowCheck.Valid valid) {
            return new Item(record, valid.row(), null);
        }
        return new Item(record, null, (RowCheck.Invalid) checked);
    }

    /**
     * The document each item makes the file meet, or null. A document counts as met as soon as
     * it is valid, even in a row refused for another field: "a document twice in one file: the
     * second is a row error", whichever row is the bad one.
     */
    static String met(Item item) {
        if (item.row() != null) {
            return item.row().document();
        }
        return item.invalid().documentValid() ? item.invalid().document() : null;
    }

    /** The distinct documents a chunk meets, in line order. */
    static Set<String> metDocuments(List<Item> items) {
        Set<String> documents = new LinkedHashSet<>();
        for (Item item : items) {
            String document = met(item);
            if (document != null) {
                documents.add(document);
            }
        }
        return documents;
    }

    /**
     * The chunk with every document met before made a row error: before in the chunk, or in an
     * earlier chunk (not in {@code fresh}, the documents the file had not met before this chunk).
     */
    static List<Item> withDuplicates(List<Item> items, Set<String> fresh) {
        List<Item> checked = new ArrayList<>(items.size());
        Set<String> here = new HashSet<>();
        for (Item item : items) {
            String document = met(item);
            if (document == null || here.add(document) && fresh.contains(document)) {
                checked.add(item);
            } else if (item.row() != null) {
                checked.add(new Item(
                        item.record(),
                        null,
                        new RowCheck.Invalid(item.record().line(), document, true, List.of(DUPLICATE))));
            } else {
                checked.add(new Item(item.record(), null, item.invalid().withFirst(DUPLICATE)));
            }
        }
        return checked;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
