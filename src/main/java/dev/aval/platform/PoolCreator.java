package dev.aval.platform;

import java.util.HashMap;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;

/**
 * Creates the reactive pool exactly as Quarkus would (same connect and pool options, from
 * {@code quarkus.datasource.*}), and beside it the pipelined client {@link PipelinedReads} uses,
 * over the same host, credentials and TLS settings and the pool's idle timeout and max lifetime.
 * The client is closed with this bean at shutdown.
 */
@Singleton
public class PoolCreator implements PgPoolCreator {

    /** Statements one pipelined connection may have in flight (Vert.x's own default for a client). */
    static final int PIPELINING_LIMIT = 256;

    private volatile PoolOptions pipelinedOptions;
    private volatile SqlClient pipelined;

    @Override
    public Pool create(Input input) {
        pipelinedOptions = pipelinedOptions(input.poolOptions());
        SqlClient previous = pipelined;
        pipelined = pipelinedClient(input.vertx(), input.pgConnectOptionsList().get(0), pipelinedOptions);
        if (previous != null) {
            previous.close();
        }
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }

    /**
     * The pool's options (idle timeout, max lifetime, wait queue) with one connection per event loop,
     * each opened on the loop of the call that needed it ({@code eventLoopSize} 0): Vert.x's pool
     * hands a call a connection of its own loop first, so each loop's calls share its connection.
     */
    static PoolOptions pipelinedOptions(PoolOptions pool) {
        int loops = pool.getEventLoopSize() > 0
                ? pool.getEventLoopSize()
                : 2 * Runtime.getRuntime().availableProcessors();
        return new PoolOptions(pool)
                .setMaxSize(loops)
                .setEventLoopSize(0)
                .setShared(false)
                .setName("aval-event-loop");
    }

    /** Vert.x's pipelined client over {@code connect}, its connections named {@code aval-event-loop} in {@code pg_stat_activity}. */
    static SqlClient pipelinedClient(Vertx vertx, PgConnectOptions connect, PoolOptions options) {
        PgConnectOptions named = new PgConnectOptions(connect).setPipeliningLimit(PIPELINING_LIMIT);
        HashMap<String, String> properties = new HashMap<>(named.getProperties());
        properties.put("application_name", "aval-event-loop");
        named.setProperties(properties);
        return PgBuilder.client().with(options).connectingTo(named).using(vertx).build();
    }

    @PreDestroy
    void close() {
        SqlClient client = pipelined;
        if (client != null) {
            client.close();
        }
    }

    /** The options the pipelined client was built with, or null before the pool exists. */
    PoolOptions pipelinedOptions() {
        return pipelinedOptions;
    }

    /** Vert.x's pipelined client, or null before the pool exists (Quarkus creates the pool at start). */
    SqlClient pipelined() {
        return pipelined;
    }
}
