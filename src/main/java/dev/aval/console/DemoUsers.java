package dev.aval.console;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import dev.aval.platform.Ids;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Dev mode only: a demo OPERATOR and VIEWER of the demo distributor, with fixed passwords printed
 * at start, so the console can be tried at once. Its observer runs after {@code DemoData}'s (an
 * observer's default priority is APPLICATION + 500; later is higher), which creates the distributor.
 */
@IfBuildProfile("dev")
public class DemoUsers {

    static final String DEMO_DISTRIBUTOR = "demo";

    private record DemoUser(String email, String name, ConsoleRole role, String password) {}

    private static final List<DemoUser> USERS = List.of(
            new DemoUser("operador@demo.aval.dev", "Olívia Operadora", ConsoleRole.OPERATOR, "demo-operador-2026"),
            new DemoUser("leitura@demo.aval.dev", "Leo Leitura", ConsoleRole.VIEWER, "demo-leitura-2026"));

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) throws Throwable {
        List<String> hashes =
                USERS.stream().map(u -> Passwords.hash(u.password())).toList();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> seed(hashes)));
        StringBuilder sb = new StringBuilder("\n\n  Aval dev mode — console: http://localhost:8080/console\n");
        for (DemoUser u : USERS) {
            sb.append(String.format("  %-9s %-26s password %s%n", u.role(), u.email(), u.password()));
        }
        Log.info(sb);
    }

    private Uni<Void> seed(List<String> hashes) {
        Instant now = Instant.now();
        return Multi.createFrom()
                .range(0, USERS.size())
                .onItem()
                .transformToUniAndConcatenate(i -> ConsoleUser.count(
                                "email", USERS.get(i).email())
                        .chain(n -> {
                            if (n > 0) {
                                return Uni.createFrom().voidItem();
                            }
                            DemoUser d = USERS.get(i);
                            ConsoleUser u = new ConsoleUser();
                            u.id = Ids.newId();
                            u.distributorId = DEMO_DISTRIBUTOR;
                            u.email = d.email();
                            u.name = d.name();
                            u.role = d.role();
                            u.createdAt = now;
                            u.choosePassword(hashes.get(i), now);
                            return u.persist().replaceWithVoid();
                        }))
                .collect()
                .last()
                .replaceWithVoid();
    }
}
