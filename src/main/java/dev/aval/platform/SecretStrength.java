package dev.aval.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Outside dev mode and tests the service refuses to start with a weak secret: the admin key, and
 * the console session key when one is set, must have at least {@value #MIN_LENGTH} characters and
 * must not be a value published anywhere in the repository (examples, the dev and test profiles,
 * old demo manifests, scripts). The message names the setting, never the value.
 */
@Singleton
public class SecretStrength {

    static final int MIN_LENGTH = 32;

    /**
     * Every value the repository has ever shown for these secrets: an attacker reads the
     * repository too. {@code PublishedSecretsTest} fails when the repository shows one not listed.
     */
    static final Set<String> PUBLISHED = Set.of(
            "avk_dev_admin",
            "avk_test_admin",
            "avk_demo_admin_change_me",
            "avk_bench_admin_key",
            "dev-only-console-session-key-0123456789",
            "test-only-console-session-key-0123456789",
            "demo-only-console-session-key-change-me",
            "<a long random platform admin key>",
            "<32+ random characters, e.g. openssl rand -base64 32>");

    void check(
            @Observes @Priority(1) StartupEvent event,
            AvalConfig config,
            @ConfigProperty(name = "aval.console.session-key") Optional<String> sessionKey) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        List<String> problems = problems(config.adminApiKey(), sessionKey);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start: " + String.join("; ", problems));
        }
    }

    static List<String> problems(String adminKey, Optional<String> sessionKey) {
        List<String> problems = new ArrayList<>();
        check("the admin key (AVAL_ADMIN_API_KEY)", adminKey, problems);
        sessionKey.ifPresent(key -> check("the console session key (AVAL_CONSOLE_SESSION_KEY)", key, problems));
        return problems;
    }

    private static void check(String what, String value, List<String> problems) {
        String key = value.strip();
        if (PUBLISHED.contains(key)) {
            problems.add(what + " is a value published in Aval's repository: generate a random one");
        } else if (key.length() < MIN_LENGTH) {
            problems.add(what + " has " + key.length() + " characters, fewer than " + MIN_LENGTH
                    + ": generate a random one (e.g. openssl rand -base64 32)");
        }
    }
}
