package dev.aval.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The start-up rule on secrets, and that its list of published values covers every value the
 * repository shows for the admin key or the console session key.
 */
class SecretStrengthTest {

    private static final String STRONG = "Zx8q0G7v2kT9mW4pL6sR1yB3nD5hJ8cF"; // 32 characters, shown nowhere else

    @Test
    void aLongUnpublishedAdminKeyAndNoSessionKeyPass() {
        assertEquals(List.of(), SecretStrength.problems(STRONG, Optional.empty()));
        assertEquals(
                List.of(),
                SecretStrength.problems(
                        STRONG, Optional.of(new StringBuilder(STRONG).reverse().toString())));
    }

    @Test
    void aShortAdminKeyIsRefusedWithoutShowingIt() {
        List<String> problems = SecretStrength.problems("s3cr3t-but-only-31-characters!!", Optional.empty());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).contains("AVAL_ADMIN_API_KEY")
                        && problems.get(0).contains("31 characters"),
                problems.get(0));
        assertTrue(!problems.get(0).contains("s3cr3t"), "the message shows the key: " + problems.get(0));
    }

    @Test
    void everyPublishedValueIsRefusedForEitherSecretWhateverItsLength() {
        for (String published : SecretStrength.PUBLISHED) {
            assertEquals(1, SecretStrength.problems(published, Optional.empty()).size(), published);
            List<String> problems = SecretStrength.problems(STRONG, Optional.of(" " + published + "\n"));
            assertEquals(1, problems.size(), published);
            assertTrue(problems.get(0).contains("AVAL_CONSOLE_SESSION_KEY"), problems.get(0));
        }
    }

    @Test
    void aShortSessionKeyIsRefusedWhenSet() {
        List<String> problems = SecretStrength.problems(STRONG, Optional.of("short"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("AVAL_CONSOLE_SESSION_KEY"), problems.get(0));
    }

    /** A setting of either secret, its separator, then a quoted value or one up to a space or '}'. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?:AVAL_ADMIN_API_KEY|aval\\.admin-api-key|ADMIN_KEY|AVAL_CONSOLE_SESSION_KEY|aval\\.console\\.session-key"
                    + "|session\\.encryption-key)\\s*(?::-|:|=)\\s*(?:\"([^\"\\n]*)\"|([^\\s\"}]+))");

    private static final Set<String> SKIPPED_DIRS = Set.of(".git", "target", "node_modules", "results");

    @Test
    void everyValueTheRepositoryShowsForTheSecretsIsRefused() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        Map<String, String> shown = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return SKIPPED_DIRS.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                read(file).ifPresent(text -> {
                    Matcher m = ASSIGNMENT.matcher(text);
                    while (m.find()) {
                        String value = m.group(1) != null ? m.group(1) : m.group(2);
                        if (!value.contains("$") && !value.equals("...")) { // shell or config expansions, "..."
                            shown.put(value, root.relativize(file).toString());
                        }
                    }
                });
                return FileVisitResult.CONTINUE;
            }
        });
        assertTrue(shown.containsKey("avk_test_admin"), "the scan finds nothing: " + shown);
        for (var entry : shown.entrySet()) {
            assertEquals(
                    1,
                    SecretStrength.problems(entry.getKey(), Optional.empty()).size(),
                    entry.getValue() + " shows '" + entry.getKey() + "', which the service would accept as a secret:"
                            + " add it to SecretStrength.PUBLISHED");
        }
    }

    private static Optional<String> read(Path file) {
        try {
            if (Files.size(file) > 1_000_000) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(file));
        } catch (MalformedInputException binary) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
