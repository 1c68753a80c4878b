package dev.aval.platform;

import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * A single read-only prepared statement on the hot path, its rows mapped in the same callback
 * (one Mutiny stage). Two ways are measured against each other (issue 10, docs/benchmarks.md):
 * {@link EventLoopReads} and {@link PipelinedReads}.
 */
public interface HotReads {

    /** Executes the prepared statement outside any transaction and maps its rows. */
    <T> Uni<T> execute(String sql, Tuple arguments, Function<RowSet<Row>, T> mapper);
}
