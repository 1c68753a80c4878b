package dev.aval.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Next and previous over forward-only cursors, however many pages deep. */
class PagingTest {

    @Test
    void previousIsThePageJustBeforeAndTheTrailStaysShort() {
        Paging first = Paging.of(null, null);
        assertFalse(first.hasPrevious());
        // walk 300 pages forward, as the "next" links do
        String trail = first.nextTrail();
        String cursor = "c1";
        for (int page = 2; page <= 300; page++) {
            Paging here = Paging.of(cursor, trail);
            assertTrue(here.hasPrevious());
            assertEquals(page == 2 ? "" : "c" + (page - 2), here.previousCursor(), "page " + page);
            assertTrue(here.nextTrail().split("~").length <= Paging.KEPT, "page " + page);
            trail = here.nextTrail();
            cursor = "c" + page;
        }
        // going back from page 301: 300, 299, … as far as the trail reaches, then the first page
        Paging at = Paging.of(cursor, trail);
        for (int back = 1; back < Paging.KEPT; back++) {
            String previous = at.previousCursor();
            assertEquals("c" + (300 - back), previous, "back " + back);
            at = Paging.of(previous, at.previousTrail());
        }
        assertEquals("", at.previousCursor(), "past the trail: the first page");
    }
}
