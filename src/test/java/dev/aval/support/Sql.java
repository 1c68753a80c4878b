package dev.aval.support;

import static dev.aval.support.Waits.TIMEOUT;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/** What a test checks behind the API, read straight from the database (blocking, bounded by {@link Waits#TIMEOUT}). */
public final class Sql {

    private Sql() {}

    /** Every row of {@code sql} with {@code params} as {@code $1, $2, …}. */
    public static List<Row> rows(Pool pool, String sql, Object... params) {
        List<Row> list = new ArrayList<>();
        pool.preparedQuery(sql)
                .execute(Tuple.from(params))
                .await()
                .atMost(TIMEOUT)
                .forEach(list::add);
        return list;
    }

    /** How to connect to the test database, for a test that needs a client or pool of its own. */
    public static PgConnectOptions connectOptions() {
        Config config = ConfigProvider.getConfig();
        return PgConnectOptions.fromUri(config.getValue("quarkus.datasource.reactive.url", String.class))
                .setUser(config.getValue("quarkus.datasource.username", String.class))
                .setPassword(config.getValue("quarkus.datasource.password", String.class));
    }

    /** The first column of the first row as a number: a {@code count(*)}. */
    public static long count(Pool pool, String sql, Object... params) {
        return rows(pool, sql, params).get(0).getLong(0);
    }
}
