package dev.aval.imports;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file as spreadsheets export it, read as a stream of records: UTF-8 with or without BOM
 * (Windows-1252 when the bytes are not UTF-8), {@code ,} or {@code ;} detected from the header,
 * quoted fields, CRLF, blank lines (and rows of empty cells) skipped. Parsing is commons-csv's.
 */
final class CsvFile implements Closeable {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final int BUFFER = 64 * 1024;
    /** The column the failed-rows CSV adds. */
    static final String ERROR_COLUMN = "error";

    /** The template's columns; documentType and tolerance may be absent from a file. */
    enum Column {
        DOCUMENT_TYPE("documentType", false, "documenttype"),
        DOCUMENT("document", true, "document"),
        EMAIL("email", true, "email"),
        CREDIT_LIMIT("creditLimit", true, "creditlimit"),
        TOLERANCE("tolerance", false, "tolerance", "tolerancerate");

        final String field;
        final boolean required;
        final String[] names;

        Column(String field, boolean required, String... names) {
            this.field = field;
            this.required = required;
            this.names = names;
        }

        /** "Credit limit", "credit_limit", "CREDITLIMIT" all name CREDIT_LIMIT. */
        static Column named(String header) {
            String key = header.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
            for (Column c : values()) {
                for (String name : c.names) {
                    if (name.equals(key)) {
                        return c;
                    }
                }
            }
            return null;
        }
    }

    /** How a file is encoded and laid out: found once, reused to resume a job. */
    record Shape(Charset charset, boolean bom, char delimiter, List<String> header, Map<Column, Integer> columns) {}

    /** One data record: its values and the physical line it starts on (the header is line 1). */
    record Record(int line, List<String> values) {}

    /** Where a file's bytes come from: each call opens a new stream from its first byte. */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;

        static Source of(Path file) {
            return () -> Files.newInputStream(file);
        }
    }

    /** The file as a whole cannot be imported (the job becomes FAILED). */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Shape shape;
    private long nextLine;

    private CsvFile(Source file, Shape shape) throws IOException, Unreadable {
        this.shape = shape;
        this.parser = CSVParser.builder()
                .setReader(reader(file, shape.charset(), shape.bom(), shape.delimiter()))
                .setFormat(format(shape.delimiter()))
                .get();
        this.records = parser.iterator();
        try {
            this.records.next(); // the header, already known
        } catch (UncheckedIOException e) {
            parser.close();
            throw unreadable(e, "the header could not be read: ");
        }
        this.nextLine = parser.getCurrentLineNumber() + 1;
    }

    static Shape detect(Path file) throws IOException, Unreadable {
        return detect(Source.of(file));
    }

    /** Detects encoding, delimiter and columns. */
    static Shape detect(Source file) throws IOException, Unreadable {
        boolean bom = startsWithBom(file);
        Charset charset = bom || isUtf8(file, bom) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        String firstLine = firstLine(file, charset, bom);
        if (firstLine.isBlank()) {
            throw new Unreadable("the file is empty or its first line (the header) is blank");
        }
        char delimiter = delimiterOf(firstLine);
        List<String> header;
        try (CSVParser parser = CSVParser.builder()
                .setReader(reader(file, charset, bom, delimiter))
                .setFormat(format(delimiter))
                .get()) {
            header = parser.iterator().next().toList();
        } catch (UncheckedIOException e) {
            throw unreadable(e, "the header could not be read: ");
        }
        return new Shape(charset, bom, delimiter, header, columns(header));
    }

    static CsvFile open(Path file, Shape shape) throws IOException, Unreadable {
        return open(Source.of(file), shape);
    }

    static CsvFile open(Source file, Shape shape) throws IOException, Unreadable {
        return new CsvFile(file, shape);
    }

    Shape shape() {
        return shape;
    }

    /**
     * The next record that is not blank, or null at the end.
     *
     * @throws Unreadable when the file is malformed past repair (e.g. an unterminated quote)
     */
    Record next() throws Unreadable {
        while (true) {
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                record = records.next();
            } catch (UncheckedIOException | IllegalStateException e) {
                throw unreadable(e, "the file is malformed after line " + (nextLine - 1) + ": ");
            }
            long line = nextLine;
            nextLine = parser.getCurrentLineNumber() + 1;
            if (!isBlank(record)) {
                return new Record((int) line, record.toList());
            }
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static CSVFormat format(char delimiter) {
        return CSVFormat.RFC4180
                .builder()
                .setDelimiter(delimiter)
                .setIgnoreEmptyLines(false)
                .setIgnoreSurroundingSpaces(true)
                .get();
    }

    private static boolean isBlank(CSVRecord record) {
        for (String value : record) {
            if (!value.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static char delimiterOf(String headerLine) throws Unreadable {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (int i = 0; i < headerLine.length(); i++) {
            char c = headerLine.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        if (commas == 0 && semicolons == 0) {
            throw new Unreadable("the header has a single column; expected " + expected() + " separated by ',' or ';'");
        }
        return semicolons > commas ? ';' : ',';
    }

    private static Map<Column, Integer> columns(List<String> header) throws Unreadable {
        Map<Column, Integer> columns = new EnumMap<>(Column.class);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            if (name.isEmpty() || name.equalsIgnoreCase(ERROR_COLUMN)) {
                continue; // the 'error' column of a downloaded failed-rows file is ignored on re-upload
            }
            Column column = Column.named(name);
            if (column == null) {
                unknown.add(name);
            } else if (columns.putIfAbsent(column, i) != null) {
                throw new Unreadable("the column '" + column.field + "' appears twice in the header");
            }
        }
        if (!unknown.isEmpty()) {
            throw new Unreadable("unknown columns " + unknown + "; expected " + expected());
        }
        List<String> missing = new ArrayList<>();
        for (Column c : Column.values()) {
            if (c.required && !columns.containsKey(c)) {
                missing.add(c.field);
            }
        }
        if (!missing.isEmpty()) {
            throw new Unreadable("missing columns " + missing + "; expected " + expected());
        }
        return columns;
    }

    private static String expected() {
        return "documentType,document,email,creditLimit,tolerance";
    }

    /**
     * A line too long or a stored file no longer there fails the file with its own message; a
     * stored file the database did not give back is passed on as it is, for the job to pause.
     */
    private static Unreadable unreadable(RuntimeException e, String context) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof LineLimit.LineTooLong || cause instanceof StoredFile.Missing) {
            return new Unreadable(cause.getMessage());
        }
        if (cause instanceof StoredFile.Unavailable) {
            throw e;
        }
        return new Unreadable(context + cause.getMessage());
    }

    /** The header line, read with the line limit: a file without a line break in 64 KiB is refused. */
    private static String firstLine(Source file, Charset charset, boolean bom) throws IOException, Unreadable {
        try (InputStream in = new java.io.BufferedInputStream(file.open(), BUFFER)) {
            if (bom) {
                in.skipNBytes(BOM.length);
            }
            byte[] line = new byte[LineLimit.MAX_LINE + 1];
            int n = 0;
            int b;
            while ((b = in.read()) >= 0 && b != '\n' && b != '\r') {
                if (n == line.length - 1) {
                    throw new Unreadable(new LineLimit.LineTooLong(1).getMessage());
                }
                line[n++] = (byte) b;
            }
            return new String(line, 0, n, charset);
        }
    }

    private static Reader reader(Source file, Charset charset, boolean bom, char delimiter) throws IOException {
        InputStream in = file.open();
        if (bom) {
            in.skipNBytes(BOM.length);
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(new LineLimit(in, delimiter), decoder), BUFFER);
    }

    private static boolean startsWithBom(Source file) throws IOException {
        try (InputStream in = file.open()) {
            byte[] start = in.readNBytes(BOM.length);
            return java.util.Arrays.equals(start, BOM);
        }
    }

    /** Decodes the whole file strictly as UTF-8, streaming; false at the first invalid byte. */
    static boolean isUtf8(Source file, boolean bom) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(BUFFER);
        CharBuffer out = CharBuffer.allocate(BUFFER);
        try (InputStream stream = new java.io.BufferedInputStream(file.open(), BUFFER)) {
            if (bom) {
                stream.skipNBytes(BOM.length);
            }
            byte[] chunk = new byte[BUFFER];
            int read;
            while ((read = stream.read(chunk, 0, in.remaining())) > 0) {
                in.put(chunk, 0, read);
                in.flip();
                CoderResult result = decoder.decode(in, out, false);
                if (result.isError()) {
                    return false;
                }
                in.compact();
                out.clear();
            }
            in.flip();
            if (decoder.decode(in, out, true).isError()) {
                return false;
            }
            return !decoder.flush(out).isError() && !in.hasRemaining();
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
