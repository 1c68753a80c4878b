package dev.aval.distributor;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.ApiKeyHash;
import dev.aval.platform.Ids;
import dev.aval.platform.Page;
import dev.aval.platform.PageQuery;
import dev.aval.platform.ProblemException;
import dev.aval.platform.Role;
import dev.aval.platform.SystemClock;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ApiKeyService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Clock clock;

    @WithTransaction
    public Uni<IssuedApiKeyView> issue(String distributorId, ApiKeyRequest request) {
        byte[] secret = new byte[ApiKeyHash.SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String key = ApiKeyHash.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return store(distributorId, request.name().strip(), request.role(), key);
    }

    /** Stores a key whose secret is already chosen (issued keys, and dev mode's fixed demo keys). */
    Uni<IssuedApiKeyView> store(String distributorId, String name, Role role, String key) {
        ApiKey k = new ApiKey();
        k.id = Ids.newId();
        k.distributorId = distributorId;
        k.name = name;
        k.role = role;
        k.keyHash = ApiKeyHash.of(key);
        k.keyPrefix = key.substring(0, Math.min(key.length(), 12));
        k.createdAt = SystemClock.now(clock);
        return k.<ApiKey>persist().map(saved -> {
            Log.infof("issued API key %s (%s) for distributor %s", saved.id, saved.role, distributorId);
            return new IssuedApiKeyView(saved.id, saved.name, saved.role, key, saved.createdAt);
        });
    }

    @WithSession
    public Uni<Page<ApiKeyView>> list(String distributorId, Integer limit, String cursor) {
        PageQuery q = PageQuery.of(limit, cursor).where("distributorId = :d", "d", distributorId);
        return ApiKey.<ApiKey>find(q.query(), q.params())
                .range(0, q.size())
                .list()
                .map(rows -> q.page(rows, k -> k.id, ApiKeyView::of));
    }

    /**
     * The names of the distributor's API keys among these actors (a key's id, as changes record
     * who made them), revoked ones included, in one query. Other actors and other distributors'
     * keys are left out.
     */
    @WithSession
    public Uni<Map<String, String>> names(String distributorId, Collection<String> actors) {
        List<UUID> ids = actors.stream()
                .filter(a -> a != null && a.length() == 36)
                .map(ApiKeyService::uuidOrNull)
                .filter(id -> id != null)
                .distinct()
                .toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return ApiKey.<ApiKey>find("distributorId = ?1 and id in ?2", distributorId, ids)
                .list()
                .map(keys -> {
                    Map<String, String> names = new HashMap<>();
                    keys.forEach(k -> names.put(k.id.toString(), k.name));
                    return names;
                });
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @WithTransaction
    public Uni<Void> revoke(String distributorId, UUID keyId) {
        return ApiKey.<ApiKey>find("id = ?1 and distributorId = ?2", keyId, distributorId)
                .firstResult()
                .map(k -> {
                    if (k == null) {
                        throw ProblemException.notFound(
                                "API_KEY_NOT_FOUND", "no API key " + keyId + " in this distributor");
                    }
                    if (k.revoke(SystemClock.now(clock))) {
                        Log.infof("revoked API key %s of distributor %s", k.id, distributorId);
                    }
                    return null;
                });
    }
}
