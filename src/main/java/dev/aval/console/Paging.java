package dev.aval.console;

import java.util.ArrayList;
import java.util.List;

/**
 * Next and previous over the API's forward-only cursors: the URL carries the cursors of the pages
 * before this one (the {@code trail}, {@code -} for the first page), so going back needs no
 * backward query.
 *
 * @param nextTrail the trail of the next page
 * @param previousCursor the previous page's cursor ({@code ""} for the first page), null on the first page
 * @param previousTrail the trail of the previous page
 */
public record Paging(String nextTrail, String previousCursor, String previousTrail) {

    private static final String FIRST = "-";

    static Paging of(String cursor, String trail) {
        List<String> before = new ArrayList<>();
        if (trail != null && !trail.isBlank()) {
            for (String c : trail.split("~")) {
                if (!c.isBlank() && before.size() < 200) {
                    before.add(c);
                }
            }
        }
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
