package dev.aval.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import io.quarkus.panache.common.Parameters;

/**
 * One cursor page of a Panache query in id order (ids are UUIDv7, so this is creation order and
 * stable under concurrent inserts). {@code ?limit=} and {@code ?cursor=} are checked when it is
 * made (400 naming them); conditions are added as the filters present require; fetch
 * {@code .range(0, size())} — one row more than the page, which tells that another page exists.
 */
public final class PageQuery {

    private final List<String> conditions = new ArrayList<>();
    private final Parameters params = new Parameters();
    private final int size;
    private final UUID after;

    private PageQuery(int size, UUID after) {
        this.size = size;
        this.after = after;
    }

    public static PageQuery of(Integer limit, String cursor) {
        return new PageQuery(Cursor.limit(limit), Cursor.decodeId(cursor));
    }

    /** Adds a condition with its named parameters: {@code name, value, name, value, …}. */
    public PageQuery where(String condition, Object... namesAndValues) {
        conditions.add(condition);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.and((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return this;
    }

    public String query() {
        String where = String.join(" and ", conditions);
        return (after == null ? where : where + " and id > :after") + " order by id";
    }

    public Parameters params() {
        return after == null ? params : params.and("after", after);
    }

    public int size() {
        return size;
    }

    /** The page from the rows fetched with {@code range(0, size())}. */
    public <E, V> Page<V> page(List<E> rows, Function<E, UUID> id, Function<E, V> view) {
        return Page.of(rows, size, e -> id.apply(e).toString(), view);
    }
}
