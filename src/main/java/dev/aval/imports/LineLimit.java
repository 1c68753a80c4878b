package dev.aval.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a CSV file on their way to the parser, each line counted as it passes: a line
 * longer than {@link #MAX_LINE} fails the file before the parser ever holds it. A "line" is a
 * record: line breaks inside a quoted cell do not end it, so a cell that lost its closing quote
 * (or a crafted one) cannot make the parser buffer the rest of the file either. Quotes are
 * tracked as commons-csv reads them (a quote opens a cell only at its start, {@code ""} inside
 * a quoted cell is a quote); the delimiter, {@code "}, CR and LF are ASCII, so the count works on
 * the bytes of UTF-8 and Windows-1252 alike.
 */
final class LineLimit extends FilterInputStream {

    /** api.md "Imports": a line longer than 64 KiB fails the file. */
    static final int MAX_LINE = 64 * 1024;

    /** The file as a whole is refused: a line is longer than {@link #MAX_LINE} bytes. */
    static final class LineTooLong extends IOException {
        LineTooLong(long line) {
            super(
                    "line " + line + " is longer than 64 KiB (" + MAX_LINE + " bytes)"
                            + "; a cell may have lost its closing quote",
                    null);
        }
    }

    private enum State {
        FIELD_START,
        UNQUOTED,
        QUOTED,
        QUOTE_IN_QUOTED
    }

    private final byte delimiter;
    private State state = State.FIELD_START;
    /** Bytes of the current record so far. */
    private int length;
    /** The physical line being read (1-based) and the one the current record started on. */
    private long line = 1;

    private long recordLine = 1;

    LineLimit(InputStream in, char delimiter) {
        super(in);
        this.delimiter = (byte) delimiter;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            pass((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        int n = in.read(buffer, offset, count);
        for (int i = offset; i < offset + n; i++) {
            pass(buffer[i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && read() >= 0) {
            skipped++;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void pass(byte b) throws LineTooLong {
        if (b == '\n') {
            line++;
        }
        switch (state) {
            case QUOTED -> {
                if (b == '"') {
                    state = State.QUOTE_IN_QUOTED;
                }
            }
            case QUOTE_IN_QUOTED -> {
                if (b == '"') {
                    state = State.QUOTED;
                } else {
                    unquoted(b);
                }
            }
            case FIELD_START -> {
                if (b == '"') {
                    state = State.QUOTED;
                } else if (b != ' ' && b != '\t') {
                    unquoted(b);
                }
            }
            case UNQUOTED -> unquoted(b);
        }
        if (state == State.FIELD_START && (b == '\n' || b == '\r')) {
            length = 0;
            recordLine = line;
            return;
        }
        if (++length > MAX_LINE) {
            throw new LineTooLong(recordLine);
        }
    }

    /** A byte outside quotes: a delimiter or a line break starts the next cell. */
    private void unquoted(byte b) {
        state = b == delimiter || b == '\n' || b == '\r' ? State.FIELD_START : State.UNQUOTED;
    }
}
