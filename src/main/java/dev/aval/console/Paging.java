package dev.aval.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Next and previous over the API's forward-only cursors: the URL carries the cursors of the pages
 * before this one (the {@code trail}, {@code -} for the first page), so going back needs no
 * backward query. Only the last {@value #KEPT} are carried (an address stays far below the
 * server's 4 KiB request line however deep the pages go); further back, "previous" opens the first
 * page.
 *
 * @param nextTrail the trail of the next page
 * @param previousCursor the previous page's cursor ({@code ""} for the first page), null on the first page
 * @param previousTrail the trail of the previous page
 */
public record Paging(String nextTrail, String previousCursor, String previousTrail) {

    private static final String FIRST = "-";
    /** Cursors carried back (each ~50 characters once encoded). */
    static final int KEPT = 20;

    /** Rows on every console list (console.md: 50 per page). */
    static final int PAGE_SIZE = 50;

    static Paging of(String cursor, String trail) {
        List<String> all = new ArrayList<>();
        if (trail != null && !trail.isBlank() && trail.length() <= 2 * KEPT * 64) {
            for (String c : trail.split("~")) {
                if (!c.isBlank()) {
                    all.add(c);
                }
            }
        }
        // the most recent ones: "previous" must be the page just before this one
        List<String> before = new ArrayList<>(all.subList(Math.max(0, all.size() - (KEPT - 1)), all.size()));
        boolean first = cursor == null || cursor.isBlank();
        List<String> next = new ArrayList<>(before);
        next.add(first ? FIRST : cursor);
        if (first || before.isEmpty()) {
            return new Paging(String.join("~", next), first ? null : "", first ? null : "");
        }
        String previous = before.remove(before.size() - 1);
        return new Paging(String.join("~", next), FIRST.equals(previous) ? "" : previous, String.join("~", before));
    }

    public boolean hasPrevious() {
        return previousCursor != null;
    }
}
