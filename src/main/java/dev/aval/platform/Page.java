package dev.aval.platform;

import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a list; {@code nextCursor} is null on the last page. */
@Schema(description = "A page of results. Pass nextCursor as ?cursor= to get the next page; null on the last page.")
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * Builds a page from up to {@code limit + 1} rows fetched in cursor order: the extra row,
     * if present, only tells that another page exists.
     */
    public static <E, T> Page<T> of(List<E> rows, int limit, Function<E, String> cursorOf, Function<E, T> view) {
        boolean more = rows.size() > limit;
        List<E> kept = more ? rows.subList(0, limit) : rows;
        String next = more ? Cursor.encode(cursorOf.apply(kept.get(kept.size() - 1))) : null;
        return new Page<>(kept.stream().map(view).toList(), next);
    }
}
