package dev.aval.platform;

import java.util.function.Function;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

/**
 * Hot read-only statements on Vert.x's own pipelined client ({@code PgBuilder.client()}, built by
 * {@link PoolCreator} over the pool's connect options): one connection per event loop, opened on
 * the loop that first needs it, with up to {@link PoolCreator#PIPELINING_LIMIT} statements in
 * flight on it. Vert.x's pool gives a call a connection of its own event loop first (no hand-off to
 * another thread), answers it on the caller's context, replaces a connection that closed, and one
 * idle longer than {@code quarkus.datasource.reactive.idle-timeout} or older than
 * {@code max-lifetime}. The rows are mapped in the same callback, so the caller's chain has a single
 * Mutiny stage. Measured against the service's own per-event-loop connections with batched Syncs
 * (the former {@code EventLoopReads}): no clear winner within the noise of the benchmark machine,
 * so the simpler one stayed (docs/benchmarks.md, eligibility).
 */
@Singleton
public class PipelinedReads {

    @Inject
    PoolCreator poolCreator;

    /** Executes a read-only prepared statement outside any transaction and maps its rows in the same callback. */
    public <T> Uni<T> execute(String sql, Tuple arguments, Function<RowSet<Row>, T> mapper) {
        return Uni.createFrom()
                .emitter(emitter -> poolCreator
                        .pipelined()
                        .preparedQuery(sql)
                        .execute(arguments)
                        .onComplete(result -> {
                            if (result.failed()) {
                                emitter.fail(result.cause());
                                return;
                            }
                            T mapped;
                            try {
                                mapped = mapper.apply(result.result());
                            } catch (RuntimeException e) {
                                emitter.fail(e);
                                return;
                            }
                            emitter.complete(mapped);
                        }));
    }
}
