package dev.aval.imports;

import java.util.HashSet;
import java.util.Set;

/**
 * The documents already met in one file, exact and compact: a 1,000,000-row file costs about
 * 16 MB, not the ~100 MB of a set of strings. Digit-only documents up to 17 characters (every
 * CPF and numeric CNPJ) are kept as longs in an open-addressing table (length folded in, so
 * {@code 0123} and {@code 123} differ); the rest (alphanumeric CNPJ, OTHER) as strings.
 */
final class SeenDocuments {

    private static final long EMPTY = -1L;
    private long[] table = newTable(1 << 16);
    private int size;
    private final Set<String> others = new HashSet<>();

    /** Adds the document; false when it was already there. */
    boolean add(String document) {
        long key = key(document);
        if (key < 0) {
            return others.add(document);
        }
        if (size * 2 >= table.length) {
            grow();
        }
        return insert(table, key);
    }

    private boolean insert(long[] into, long key) {
        int mask = into.length - 1;
        int i = (int) mix(key) & mask;
        while (into[i] != EMPTY) {
            if (into[i] == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        into[i] = key;
        if (into == table) {
            size++;
        }
        return true;
    }

    /** Slots of the long table (for tests of its footprint). */
    int capacity() {
        return table.length;
    }

    private void grow() {
        long[] old = table;
        table = newTable(old.length * 2);
        size = 0; // counted again as the keys move over
        for (long key : old) {
            if (key != EMPTY) {
                insert(table, key);
            }
        }
    }

    /** digits × 32 + length for 1–17 digits (fits a long), else −1. */
    static long key(String document) {
        int n = document.length();
        if (n == 0 || n > 17) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            char c = document.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value * 32 + n;
    }

    private static long mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 32);
    }

    private static long[] newTable(int capacity) {
        long[] t = new long[capacity];
        java.util.Arrays.fill(t, EMPTY);
        return t;
    }
}
