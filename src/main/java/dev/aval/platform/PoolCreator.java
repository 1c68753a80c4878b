package dev.aval.platform;

import java.util.HashMap;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;

/**
 * Creates the reactive pool exactly as Quarkus would (same connect and pool options, from
 * {@code quarkus.datasource.*}), and beside it the hot reads' connections with the same host,
 * credentials and TLS settings: it keeps those connect options for {@link EventLoopReads}, and
 * builds the pipelined client {@link PipelinedReads} uses (closed with this bean at shutdown).
 */
@Singleton
public class PoolCreator implements PgPoolCreator {

    /** Statements one pipelined connection may have in flight (Vert.x's own default for a client is 256 too). */
    static final int PIPELINING_LIMIT = 256;

    private volatile PgConnectOptions connectOptions;
    private volatile PoolOptions pipelinedOptions;
    private volatile SqlClient pipelined;
    /** Package-private so a test can shorten it. */
    volatile ConnectionLifetime lifetime;

    @Override
    public Pool create(Input input) {
        PgConnectOptions options = new PgConnectOptions(input.pgConnectOptionsList().get(0));
        HashMap<String, String> properties = new HashMap<>(options.getProperties());
        properties.put("application_name", "aval-event-loop");
        lifetime = ConnectionLifetime.of(input.poolOptions());
        connectOptions = options.setProperties(properties);
        pipelinedOptions = pipelinedOptions(input.poolOptions());
        SqlClient previous = pipelined;
        pipelined = PgBuilder.client()
                .with(pipelinedOptions)
                .connectingTo(new PgConnectOptions(connectOptions).setPipeliningLimit(PIPELINING_LIMIT))
                .using(input.vertx())
                .build();
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
        int loops = pool.getEventLoopSize() > 0 ? pool.getEventLoopSize() : 2 * Runtime.getRuntime().availableProcessors();
        return new PoolOptions(pool).setMaxSize(loops).setEventLoopSize(0).setShared(false).setName("aval-event-loop");
    }

    @PreDestroy
    void close() {
        SqlClient client = pipelined;
        if (client != null) {
            client.close();
        }
    }

    /** The pool's idle timeout and max lifetime (set with the connect options). */
    ConnectionLifetime lifetime() {
        return lifetime;
    }

    /** The pool's connect options (a copy naming its connections {@code aval-event-loop}), or null before the pool exists. */
    PgConnectOptions connectOptions() {
        return connectOptions;
    }

    /** The options the pipelined client was built with, or null before the pool exists. */
    PoolOptions pipelinedOptions() {
        return pipelinedOptions;
    }

    /** Vert.x's pipelined client over the same connect options, or null before the pool exists. */
    SqlClient pipelined() {
        return pipelined;
    }
}
