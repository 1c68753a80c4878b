package dev.aval.platform;

import java.util.HashMap;

import jakarta.inject.Singleton;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.Pool;

/**
 * Creates the reactive pool exactly as Quarkus would (same connect and pool options, from
 * {@code quarkus.datasource.*}), and keeps those connect options so {@link EventLoopReads} opens
 * its connections with the same host, credentials and TLS settings.
 */
@Singleton
public class PoolCreator implements PgPoolCreator {

    private volatile PgConnectOptions connectOptions;
    /** Package-private so a test can shorten it. */
    volatile ConnectionLifetime lifetime;

    @Override
    public Pool create(Input input) {
        PgConnectOptions options = new PgConnectOptions(input.pgConnectOptionsList().get(0));
        HashMap<String, String> properties = new HashMap<>(options.getProperties());
        properties.put("application_name", "aval-event-loop");
        lifetime = ConnectionLifetime.of(input.poolOptions());
        connectOptions = options.setProperties(properties);
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }

    /** The pool's idle timeout and max lifetime (set with the connect options). */
    ConnectionLifetime lifetime() {
        return lifetime;
    }

    /** The pool's connect options (a copy naming its connections {@code aval-event-loop}), or null before the pool exists. */
    PgConnectOptions connectOptions() {
        return connectOptions;
    }
}
