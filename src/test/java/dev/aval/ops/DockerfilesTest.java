package dev.aval.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What can be checked of the images without a Docker engine: they copy what the build
 * produces, run as a non-root user and expose the application's port.
 */
class DockerfilesTest {

    private static final Path ROOT = Manifests.ROOT;
    /** The fast-jar layout Quarkus writes to target/quarkus-app (quarkus.package.jar.type default). */
    private static final Set<String> FAST_JAR = Set.of(
            "target/quarkus-app/lib/",
            "target/quarkus-app/*.jar",
            "target/quarkus-app/app/",
            "target/quarkus-app/quarkus/");

    private final Properties app = Manifests.applicationProperties();

    @Test
    void theJvmImageCopiesTheFastJarLayout() throws IOException {
        List<String> sources = copySources(read("docker/Dockerfile.jvm"));
        assertEquals(FAST_JAR, Set.copyOf(sources));
        String type = app.getProperty("quarkus.package.jar.type", "fast-jar");
        assertEquals("fast-jar", type, "the Dockerfile expects the fast-jar layout");
        assertTrue(
                read("docker/Dockerfile.jvm").contains("/deployments/quarkus-run.jar"), "runs the fast-jar launcher");
        Path built = ROOT.resolve("target/quarkus-app");
        if (Files.isDirectory(built)) {
            // after a package run, the layout is really there
            assertTrue(Files.isRegularFile(built.resolve("quarkus-run.jar")));
            for (String dir : List.of("lib", "app", "quarkus")) {
                assertTrue(Files.isDirectory(built.resolve(dir)), "target/quarkus-app/" + dir);
            }
        }
    }

    @Test
    void theNativeImageCompilesTheNativeSourcesAndShipsOnlyTheRunner() throws IOException {
        String dockerfile = read("docker/Dockerfile.native");
        List<String> stages = matches(dockerfile, "(?m)^FROM\\s+(\\S+)");
        assertEquals(2, stages.size(), "builder stage + runtime stage");
        assertTrue(stages.get(0).contains("mandrel"), "builder is Mandrel: " + stages.get(0));
        assertEquals(
                List.of("target/native-sources/"),
                copySources(dockerfile).stream()
                        .filter(s -> !s.startsWith("--from"))
                        .toList());
        assertTrue(dockerfile.contains("native-image.args"));
        Path args = ROOT.resolve("target/native-sources/native-image.args");
        if (Files.isRegularFile(args)) {
            // after a sources-only build: the runner name matches what stage 2 copies
            assertTrue(Files.readString(args).contains("-runner"), "native-image.args names a *-runner output");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker/Dockerfile.jvm", "docker/Dockerfile.native"})
    void imagesRunAsANumericNonRootUser(String file) throws IOException {
        List<String> users = matches(read(file), "(?m)^USER\\s+(\\S+)");
        String last = users.get(users.size() - 1);
        assertTrue(last.matches("\\d+"), "numeric, so runAsNonRoot can verify it: " + last);
        assertTrue(Integer.parseInt(last) > 0, "not root");
    }

    @Test
    void theJvmImageUserIsTheOneKubernetesRunsAs() throws IOException {
        List<String> users = matches(read("docker/Dockerfile.jvm"), "(?m)^USER\\s+(\\S+)");
        JsonNode deployment = Manifests.find(Manifests.K8S.resolve("base"), "Deployment", "aval");
        assertEquals(
                users.get(users.size() - 1),
                deployment.at("/spec/template/spec/securityContext/runAsUser").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker/Dockerfile.jvm", "docker/Dockerfile.native"})
    void imagesExposeTheApplicationPort(String file) throws IOException {
        assertEquals(List.of(app.getProperty("quarkus.http.port")), matches(read(file), "(?m)^EXPOSE\\s+(\\d+)"));
    }

    @Test
    void theJvmProcessReceivesSigtermForAGracefulShutdown() throws IOException {
        String entrypoint = matches(read("docker/Dockerfile.jvm"), "(?m)^ENTRYPOINT\\s+(.+)$")
                .get(0);
        assertTrue(entrypoint.contains("exec java"), "java must replace the shell as PID 1: " + entrypoint);
    }

    /** The AppCDS archive is trained with the image's JVM settings: a pod must run the same ones. */
    @ParameterizedTest
    @ValueSource(strings = {"JAVA_OPTS_APPEND", "MALLOC_ARENA_MAX"})
    void theJvmImageAndTheConfigMapSetTheSameJvmEnvironment(String name) throws IOException {
        List<String> image =
                matches(read("docker/Dockerfile.jvm"), "(?m)^\\s*(?:ENV\\s+)?" + name + "=(\"[^\"]*\"|[^\\s\"\\\\]+)")
                        .stream()
                        .map(v -> v.replace("\"", ""))
                        .toList();
        JsonNode configMap = Manifests.find(Manifests.K8S.resolve("base"), "ConfigMap", "aval-config");
        assertEquals(1, image.size(), name + " set once in docker/Dockerfile.jvm: " + image);
        assertEquals(image.get(0), configMap.at("/data/" + name).asText(), name + " in k8s/base/configmap.yaml");
    }

    @Test
    void theBuildContextHoldsOnlyWhatTheDockerfilesCopy() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertEquals("*", lines.get(0), "everything excluded by default");
        Set<String> allowed = Set.copyOf(lines.subList(1, lines.size()));
        assertEquals(Set.of("!target/quarkus-app/", "!target/native-sources/"), allowed);
        for (String source : copySources(read("docker/Dockerfile.jvm"))) {
            assertTrue(source.startsWith("target/quarkus-app/"), source);
        }
        assertFalse(allowed.contains("!src/"), "sources never go into an image");
    }

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    /** The source of every COPY (the last argument is the destination; flags are skipped). */
    private static List<String> copySources(String dockerfile) {
        List<String> sources = new ArrayList<>();
        for (String line : matches(dockerfile, "(?m)^COPY\\s+(.+)$")) {
            List<String> parts = new ArrayList<>(List.of(line.trim().split("\\s+")));
            parts.remove(parts.size() - 1);
            boolean fromStage = parts.stream().anyMatch(p -> p.startsWith("--from"));
            parts.removeIf(p -> p.startsWith("--"));
            parts.forEach(p -> sources.add(fromStage ? "--from:" + p : p));
        }
        return sources;
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
