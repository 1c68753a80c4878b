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
 * the loop that first needs it, and up to {@link PoolCreator#PIPELINING_LIMIT} statements in flight
 * on it, each with its own Sync. Vert.x's pool gives a call a connection of its own event loop
 * first, replaces a connection that closed, and one idle longer than
 * {@code quarkus.datasource.reactive.idle-timeout} or older than {@code max-lifetime}.
 */
@Singleton
public class PipelinedReads implements HotReads {

    @Inject
    PoolCreator poolCreator;

    @Override
    public <T> Uni<T> execute(String sql, Tuple arguments, Function<RowSet<Row>, T> mapper) {
        return Uni.createFrom().emitter(emitter -> poolCreator.pipelined().preparedQuery(sql).execute(arguments)
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
