package dev.aval.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The duplicate detector of one file, without Quarkus. */
class SeenDocumentsTest {

    @Test
    void secondOccurrenceIsSeenAndLeadingZerosMatter() {
        SeenDocuments seen = new SeenDocuments();
        assertTrue(seen.add("12345678909"));
        assertTrue(seen.add("012345678909"));
        assertTrue(seen.add("AB.CDE.FGH/0001-00"));
        assertFalse(seen.add("12345678909"));
        assertFalse(seen.add("012345678909"));
        assertFalse(seen.add("AB.CDE.FGH/0001-00"));
    }

    @Test
    void aMillionDocumentsStayExactInTwoMillionSlots() {
        SeenDocuments seen = new SeenDocuments();
        for (long i = 0; i < 1_000_000; i++) {
            assertTrue(seen.add(Long.toString(10_000_000_000L + i * 7)));
        }
        for (long i = 0; i < 1_000_000; i += 997) {
            assertFalse(seen.add(Long.toString(10_000_000_000L + i * 7)));
        }
        // at most half full: 2^21 slots of 8 bytes, 16 MiB (twice that when growth double-counted)
        assertEquals(1 << 21, seen.capacity());
    }
}
