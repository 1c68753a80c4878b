package dev.aval.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL (binaries from Maven, no Docker) for the whole test run. Attached with
 * global scope, so Quarkus starts once and every test class shares it; tests isolate
 * themselves by creating their own distributor.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedPostgres postgres;

    @Override
    public Map<String, String> start() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded PostgreSQL", e);
        }
        int port = postgres.getPort();
        return Map.of(
                "quarkus.datasource.jdbc.url",
                "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.reactive.url",
                "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username",
                "postgres",
                "quarkus.datasource.password",
                "postgres");
    }

    @Override
    public void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (Exception ignored) {
                // the JVM is ending anyway
            }
        }
    }
}
