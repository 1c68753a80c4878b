package dev.aval.console;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.distributor.ApiKeyService;
import io.smallrye.mutiny.Uni;

/**
 * Who made a change, as the distributor's people know it: a console user ({@code user:<id>}) by
 * their name, an API key (its id) by the name it was issued with. Actors of another distributor,
 * the admin and the system are left out; pages name those in words.
 */
@ApplicationScoped
public class ActorNames {

    @Inject
    ConsoleUserService users;

    @Inject
    ApiKeyService keys;

    /** The names found, by actor: at most one query for users and one for keys. */
    public Uni<Map<String, String>> of(String distributorId, Collection<String> actors) {
        return users.names(distributorId, actors)
                .chain(userNames -> keys.names(distributorId, actors).map(keyNames -> {
                    Map<String, String> names = new HashMap<>(userNames);
                    names.putAll(keyNames);
                    return names;
                }));
    }
}
