package dev.aval.console;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.distributor.ApiKeyService;
import dev.aval.platform.Caller;
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

    /** Who made a change, as a page shows it; {@code title}, when not null, is the actor's full id for a tooltip. */
    public record Actor(String label, String title) {}

    /**
     * The actor as every page names it, in the page's language: a console user by name, an API key
     * as "Chave de API" and its name, the admin and the system in words; a user or key no longer
     * found by the start of its id, the whole id as the tooltip.
     */
    public static Actor label(String actor, Map<String, String> names, Msg msg) {
        if (actor == null) {
            return new Actor("—", null);
        }
        if (actor.equals(Caller.SYSTEM.actor())) {
            return new Actor(msg.actor_system(), null);
        }
        if (actor.equals(Caller.ADMIN.actor())) {
            return new Actor(msg.actor_admin(), null);
        }
        boolean user = actor.startsWith(USER_PREFIX);
        String name = names.get(actor);
        if (name != null) {
            return user ? new Actor(name, null) : new Actor(msg.actor_key(name), actor);
        }
        String id = user ? actor.substring(USER_PREFIX.length()) : actor;
        String shortId = id.length() > 8 ? id.substring(0, 8) : id;
        return new Actor(user ? msg.actor_user(shortId) : msg.actor_key(shortId), actor);
    }

    private static final String USER_PREFIX = "user:";

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
