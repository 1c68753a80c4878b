package dev.aval.distributor;

import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import dev.aval.platform.AvalConfig;
import dev.aval.platform.Role;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Dev mode only: a demo distributor with one fixed, well-known key per role, printed at start
 * with the admin key so the README's curl examples work as written. The keys have the shape of
 * issued ones ({@code ApiKeyHash#couldBeKey}): a token of any other shape is refused unseen.
 */
@IfBuildProfile("dev")
public class DemoData {

    static final String DEMO_DISTRIBUTOR = "demo";

    private record DemoKey(String name, Role role, String key) {}

    private static final List<DemoKey> KEYS = List.of(
            new DemoKey("demo-integration", Role.INTEGRATION, "avk_demo_integration_dev_mode_only_000000000000"),
            new DemoKey("demo-checkout", Role.CHECKOUT, "avk_demo_checkout_dev_mode_only_000000000000000"),
            new DemoKey("demo-read-only", Role.READ_ONLY, "avk_demo_read_only_dev_mode_only_00000000000000"));

    @Inject
    ApiKeyService keys;

    @Inject
    DistributorService distributors;

    @Inject
    AvalConfig config;

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::seed);
        StringBuilder sb = new StringBuilder("\n\n  Aval dev mode — Swagger UI: http://localhost:8080/q/swagger-ui\n");
        sb.append("  admin key:                ").append(config.adminApiKey()).append('\n');
        for (DemoKey k : KEYS) {
            sb.append(
                    String.format("  %-25s %s%n", "distributor '" + DEMO_DISTRIBUTOR + "' " + k.role() + ":", k.key()));
        }
        Log.info(sb);
    }

    /** The demo distributor and its keys, once: a distributor that exists is left as it is. */
    private Uni<Void> seed() {
        return distributors
                .find(DEMO_DISTRIBUTOR)
                .chain(existing -> existing != null
                        ? Uni.createFrom().voidItem()
                        : distributors
                                .put(DEMO_DISTRIBUTOR, new DistributorRequest("Demo distributor", null, null, null))
                                .chain(() -> Panache.withTransaction(() -> Multi.createFrom()
                                        .iterable(KEYS)
                                        .onItem()
                                        .transformToUniAndConcatenate(
                                                k -> keys.store(DEMO_DISTRIBUTOR, k.name(), k.role(), k.key()))
                                        .collect()
                                        .last()))
                                .replaceWithVoid());
    }
}
