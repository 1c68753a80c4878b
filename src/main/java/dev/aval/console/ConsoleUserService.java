package dev.aval.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.aval.platform.ApiKeyHash;
import dev.aval.platform.Ids;
import dev.aval.platform.Page;
import dev.aval.platform.PageQuery;
import dev.aval.platform.ProblemException;
import dev.aval.platform.ProblemMappers;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Console users: created by the admin with a one-time setup link, a password chosen there, sign-in
 * throttled per email, disabled for good. Password hashing runs on a worker thread, never inside a
 * database transaction.
 */
@ApplicationScoped
public class ConsoleUserService {

    static final String SETUP_PATH = "/console/setup/";
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int HASHING_PERMITS = 2;
    static final java.time.Duration PERMIT_WAIT = java.time.Duration.ofSeconds(1);

    final java.util.concurrent.Semaphore hashingPermits = new java.util.concurrent.Semaphore(HASHING_PERMITS);

    @Inject
    ConsoleConfig config;

    @Inject
    SignInFailureRepository failures;

    @Inject
    Vertx vertx;

    @Inject
    Clock clock;

    /**
     * What the sign-in throttle stores for an email: keyed, so that the table of recent failures
     * cannot be read back into addresses with a dictionary (a plain SHA-256 could).
     */
    private KeyedHash emailTags;

    @Inject
    void keys(@ConfigProperty(name = "quarkus.http.auth.session.encryption-key") String sessionKey) {
        this.emailTags = new KeyedHash("aval-console-sign-in-email", sessionKey);
    }

    /** Creates a user of the distributor, INVITED until it chooses a password at the answer's setup link. */
    @WithTransaction
    public Uni<SetupLinkView> create(String distributorId, ConsoleUserRequest request, String requestBaseUrl) {
        String email = normalise(request.email());
        Instant now = clock.instant();
        return ConsoleUser.count("email", email)
                .chain(existing -> {
                    if (existing > 0) {
                        throw userExists();
                    }
                    ConsoleUser u = new ConsoleUser();
                    u.id = Ids.newId();
                    u.distributorId = distributorId;
                    u.email = email;
                    u.name = request.name().strip();
                    u.role = request.role();
                    u.status = ConsoleUserStatus.INVITED;
                    u.sessionsValidAfter = now;
                    u.createdAt = now;
                    String token = newToken();
                    u.issueSetupToken(ApiKeyHash.of(token), now.plus(config.setupLinkTtl()));
                    return u.<ConsoleUser>persistAndFlush().map(saved -> {
                        Log.infof(
                                "console user %s (%s) created for distributor %s", saved.id, saved.role, distributorId);
                        return setupLink(saved, token, requestBaseUrl);
                    });
                })
                .onFailure(ProblemMappers::isUniqueViolation)
                .transform(e -> userExists());
    }

    @WithSession
    public Uni<Page<ConsoleUserView>> list(String distributorId, Integer limit, String cursor) {
        PageQuery q = PageQuery.of(limit, cursor).where("distributorId = :d", "d", distributorId);
        return ConsoleUser.<ConsoleUser>find(q.query(), q.params())
                .range(0, q.size())
                .list()
                .map(rows -> q.page(rows, u -> u.id, ConsoleUserView::of));
    }

    /**
     * The names of the distributor's console users among these actors ({@code user:<id>}, as
     * {@link ConsoleUserView#actor()} records them), by actor, in one query: what the import history
     * shows as who. API keys, the admin, the system and other distributors' users are left out.
     */
    public Uni<Map<String, String>> names(String distributorId, Collection<String> actors) {
        Map<UUID, String> byId = new HashMap<>();
        for (String actor : actors) {
            if (actor != null && actor.startsWith("user:")) {
                try {
                    byId.put(UUID.fromString(actor.substring("user:".length())), actor);
                } catch (IllegalArgumentException ignored) {
                    // not a console user's actor
                }
            }
        }
        if (byId.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<UUID> ids = List.copyOf(byId.keySet());
        return Panache.withSession(
                        () -> ConsoleUser.<ConsoleUser>find("distributorId = ?1 and id in ?2", distributorId, ids)
                                .list())
                .map(users -> {
                    Map<String, String> names = new HashMap<>();
                    users.forEach(u -> names.put(byId.get(u.id), u.name));
                    return names;
                });
    }

    /**
     * A new one-time link (a password reset): earlier links, the current password and every session
     * stop working — the reason for a reset may be a password or a device in the wrong hands.
     */
    @WithTransaction
    public Uni<SetupLinkView> newSetupLink(String distributorId, UUID userId, String requestBaseUrl) {
        return find(distributorId, userId).map(u -> {
            if (u.status == ConsoleUserStatus.DISABLED) {
                throw ProblemException.conflict("USER_DISABLED", "console user " + userId + " is disabled");
            }
            String token = newToken();
            Instant now = clock.instant();
            u.resetPassword(ApiKeyHash.of(token), now.plus(config.setupLinkTtl()), now);
            Log.infof("new setup link for console user %s: password and sessions reset", u.id);
            return setupLink(u, token, requestBaseUrl);
        });
    }

    /** Disables the user for good: sign-in refused, every session refused from the next request on. */
    @WithTransaction
    public Uni<Void> disable(String distributorId, UUID userId) {
        return find(distributorId, userId).map(u -> {
            u.disable(clock.instant());
            Log.infof("console user %s disabled", u.id);
            return null;
        });
    }

    /** The user a setup link belongs to, or null when the link is unknown, used or expired. */
    @WithSession
    public Uni<ConsoleUserView> setupUser(String token) {
        return bySetupToken(token).map(u -> u == null ? null : ConsoleUserView.of(u));
    }

    /**
     * Sets the password chosen at a setup link; the link is spent. Null when the link is unknown,
     * used or expired; a password too short or too long is a {@link ProblemException} naming {@code password}.
     */
    public Uni<ConsoleUserView> choosePassword(String token, String password) {
        String problem = Passwords.problem(password);
        if (problem != null) {
            return Uni.createFrom().failure(ProblemException.validation("password", problem));
        }
        // the link first: an unknown token costs no hashing
        return setupUser(token)
                .chain(user -> user == null
                        ? Uni.createFrom().nullItem()
                        : hashing(() -> Passwords.hash(password))
                                .chain(hash -> Panache.withTransaction(() -> bySetupToken(token)
                                        .map(u -> {
                                            if (u == null) {
                                                return null;
                                            }
                                            u.choosePassword(hash, clock.instant());
                                            Log.infof("console user %s chose a password", u.id);
                                            return ConsoleUserView.of(u);
                                        }))));
    }

    /**
     * The user whose email and password these are, or null: wrong email, wrong password, not
     * active, or an email that failed too often lately (which counts as one more failure) — the
     * caller answers all of them alike. {@link Busy} when no password check could be made now: that
     * attempt is not counted, since nothing was guessed.
     */
    public Uni<ConsoleUserView> signIn(String email, String password) {
        String normalised = normalise(email == null ? "" : email);
        String emailHash = HexFormat.of().formatHex(emailTags.of(normalised));
        Instant now = clock.instant();
        String given = password == null ? "" : password;
        // the attempt counts before the password is checked, so simultaneous guesses cannot all
        // see fewer failures than the limit; a success forgets them
        return failures.record(emailHash, now)
                .chain(() -> failures.countSince(emailHash, now.minus(config.signInWindow())))
                .chain(attempts -> {
                    if (attempts > config.signInMaxFailures()) {
                        Log.infof("sign-in refused: too many failures for one email lately");
                        return Uni.createFrom().nullItem();
                    }
                    return Panache.withSession(() -> ConsoleUser.<ConsoleUser>find("email", normalised)
                                    .firstResult())
                            .chain(u -> {
                                String hash = u != null && u.status == ConsoleUserStatus.ACTIVE ? u.passwordHash : null;
                                return hashing(() -> Passwords.matches(given, hash))
                                        .chain(ok -> ok
                                                ? signedIn(u.id, emailHash)
                                                : Uni.createFrom().<ConsoleUserView>nullItem());
                            });
                })
                .onFailure(Busy.class)
                .call(() -> failures.unrecord(emailHash, now)
                        .onFailure()
                        .recoverWithNull()); // the busy answer matters more than taking the attempt back
    }

    /** Forgets failed sign-ins older than the window (a success forgets its email's at once). */
    @io.quarkus.scheduler.Scheduled(
            every = "10m",
            delayed = "1m",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeFailures() {
        return failures.purgeBefore(clock.instant().minus(config.signInWindow()));
    }

    private Uni<ConsoleUserView> signedIn(UUID userId, String emailHash) {
        Instant now = clock.instant();
        return Panache.withTransaction(
                        () -> ConsoleUser.<ConsoleUser>findById(userId).map(u -> {
                            u.lastLoginAt = now;
                            return ConsoleUserView.of(u);
                        }))
                .call(() -> failures.forget(emailHash, now.minus(config.signInWindow())));
    }

    /** The user of a session signed in at {@code signedInAt}, or null when that session no longer counts. */
    public Uni<ConsoleUserView> sessionUser(UUID userId, Instant signedInAt) {
        if (clock.instant().isAfter(signedInAt.plus(config.sessionAbsoluteTimeout()))) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> ConsoleUser.<ConsoleUser>findById(userId))
                .map(u -> u != null && u.acceptsSessionFrom(signedInAt) ? ConsoleUserView.of(u) : null);
    }

    /** Signing out ends every session of the user (the cookie alone could be replayed until it idles out). */
    @WithTransaction
    public Uni<Void> signOut(UUID userId) {
        return ConsoleUser.<ConsoleUser>findById(userId).map(u -> {
            if (u != null) {
                u.endSessions(clock.instant());
            }
            return null;
        });
    }

    private Uni<ConsoleUser> find(String distributorId, UUID userId) {
        return ConsoleUser.<ConsoleUser>find("id = ?1 and distributorId = ?2", userId, distributorId)
                .firstResult()
                .map(u -> {
                    if (u == null) {
                        throw ProblemException.notFound(
                                "USER_NOT_FOUND", "no console user " + userId + " in this distributor");
                    }
                    return u;
                });
    }

    private Uni<ConsoleUser> bySetupToken(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Uni.createFrom().nullItem();
        }
        Instant now = clock.instant();
        return ConsoleUser.<ConsoleUser>find("setupTokenHash", ApiKeyHash.of(token))
                .firstResult()
                .map(u -> u != null && u.setupTokenValid(now) ? u : null);
    }

    private SetupLinkView setupLink(ConsoleUser u, String token, String requestBaseUrl) {
        String base = config.baseUrl().orElse(requestBaseUrl).replaceAll("/+$", "");
        return new SetupLinkView(u.id, u.email, u.name, u.role, u.status, base + SETUP_PATH + token, u.setupExpiresAt);
    }

    /**
     * Argon2 off the event loop, at most {@link #HASHING_PERMITS} at once on this instance: each
     * takes ~19 MiB and tens of milliseconds of a core, so a flood of sign-ins (which needs no
     * account) must not take the memory or the cores of everything else. A check that finds every
     * permit taken waits its turn up to {@link #PERMIT_WAIT} (three analysts signing in at once all
     * get in); past it: {@link Busy}.
     */
    private <T> Uni<T> hashing(java.util.function.Supplier<T> work) {
        // released by the task itself: a client that hangs up cancels the request, not the hash
        return permit(System.nanoTime() + PERMIT_WAIT.toNanos())
                .chain(() -> vertx.executeBlocking(
                        Uni.createFrom().item(() -> {
                            try {
                                return work.get();
                            } finally {
                                hashingPermits.release();
                            }
                        }),
                        false));
    }

    /** Whether every password check of this instance is taken right now. */
    boolean passwordChecksTaken() {
        return hashingPermits.availablePermits() == 0;
    }

    /** A hashing permit, asked for again every 25 ms on this request's context until the deadline. */
    private Uni<Void> permit(long deadline) {
        if (hashingPermits.tryAcquire()) {
            return Uni.createFrom().voidItem();
        }
        if (System.nanoTime() - deadline > 0) {
            return Uni.createFrom().failure(new Busy());
        }
        return Uni.createFrom()
                .<Void>emitter(e -> vertx.setTimer(25, t -> e.complete(null)))
                .chain(() -> permit(deadline));
    }

    /** Too many passwords being hashed on this instance right now: the caller answers "try again". */
    static final class Busy extends RuntimeException {
        Busy() {
            super("too many password checks at once", null, false, false);
        }
    }

    /** A user id from a path: one that is not a UUID names no user (404, like an unknown one), never a 500. */
    static UUID userId(String raw) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(
                    "USER_NOT_FOUND",
                    "no console user " + raw.substring(0, Math.min(raw.length(), 64)) + " in this distributor");
        }
    }

    private static ProblemException userExists() {
        return ProblemException.conflict("USER_EXISTS", "this email already belongs to a console user");
    }

    private static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String normalise(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
