package dev.aval.ops;

import static dev.aval.ops.Manifests.K8S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

/** The k8s/ manifests agree with the application: ports, probe paths, variable names, image, timeouts. */
class KubernetesManifestsTest {

    private static final Path BASE = K8S.resolve("base");
    private static final Set<String> REQUIRED_ENV = Set.of(
            "QUARKUS_DATASOURCE_REACTIVE_URL",
            "QUARKUS_DATASOURCE_JDBC_URL",
            "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD",
            "AVAL_ADMIN_API_KEY");
    /** Read by the container's entrypoint (docker/Dockerfile.jvm), not by Quarkus. */
    private static final Set<String> JVM_ENV = Set.of("JAVA_OPTS_APPEND", "JAVA_OPTS");

    private final Properties app = Manifests.applicationProperties();
    private final JsonNode deployment = Manifests.find(BASE, "Deployment", "aval");
    private final JsonNode container = deployment.at("/spec/template/spec/containers/0");

    @Test
    void everyManifestParsesAndNamesItsKind() {
        List<Path> files = Manifests.yamlFiles(K8S);
        assertTrue(files.size() >= 12, "manifests found: " + files);
        for (Path file : files) {
            for (JsonNode doc : Manifests.documents(file)) {
                assertFalse(doc.path("apiVersion").asText().isEmpty(), file + ": apiVersion");
                assertFalse(doc.path("kind").asText().isEmpty(), file + ": kind");
                if (!"Kustomization".equals(doc.path("kind").asText())) {
                    assertFalse(doc.at("/metadata/name").asText().isEmpty(), file + ": metadata.name");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/demo", "overlays/production"})
    void kustomizationsReferToFilesThatExist(String dir) {
        JsonNode kustomization = Manifests.documents(K8S.resolve(dir).resolve("kustomization.yaml"))
                .get(0);
        kustomization
                .path("resources")
                .forEach(r -> assertTrue(
                        Files.exists(K8S.resolve(dir).resolve(r.asText())),
                        dir + " lists a missing resource " + r.asText()));
        kustomization
                .path("patches")
                .forEach(p -> assertTrue(
                        Files.exists(K8S.resolve(dir).resolve(p.path("path").asText())),
                        dir + " lists a missing patch " + p));
    }

    @Test
    void probesUseTheQuarkusHealthPathsOnTheApplicationPort() {
        assertEquals(
                "/q/health/started", container.at("/startupProbe/httpGet/path").asText());
        assertEquals(
                "/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals(
                "/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        int appPort = Integer.parseInt(app.getProperty("quarkus.http.port"));
        JsonNode port = container.at("/ports/0");
        assertEquals(appPort, port.path("containerPort").asInt());
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertEquals(
                    port.path("name").asText(),
                    container.path(probe).at("/httpGet/port").asText(),
                    probe + " port");
        }
        JsonNode service = Manifests.find(BASE, "Service", "aval");
        assertEquals(
                port.path("name").asText(),
                service.at("/spec/ports/0/targetPort").asText());
        assertEquals(deployment.at("/spec/template/metadata/labels"), service.at("/spec/selector"));
    }

    @Test
    void everyEnvironmentVariableIsOneTheApplicationReads() {
        Set<String> readable = new TreeSet<>(JVM_ENV);
        Manifests.knownProperties().forEach(p -> readable.add(Manifests.envName(p)));
        importSettings().forEach(p -> readable.add(Manifests.envName(p)));
        Set<String> unknown = new TreeSet<>();
        for (Path file : Manifests.yamlFiles(K8S)) {
            for (JsonNode doc : Manifests.documents(file)) {
                if (isAvalEnvSource(doc)) {
                    doc.path("data").fieldNames().forEachRemaining(n -> check(n, readable, unknown, file));
                    doc.path("stringData").fieldNames().forEachRemaining(n -> check(n, readable, unknown, file));
                }
            }
        }
        container.path("env").forEach(e -> check(e.path("name").asText(), readable, unknown, BASE));
        assertTrue(unknown.isEmpty(), "variables the application does not read: " + unknown);
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/demo", "overlays/production"})
    void eachOverlayProvidesTheRequiredVariables(String overlay) throws Exception {
        Map<String, String> env = new HashMap<>(
                stringMap(Manifests.find(BASE, "ConfigMap", "aval-config").path("data")));
        Path dir = K8S.resolve(overlay);
        env.putAll(stringMap(Manifests.find(dir, "ConfigMap", "aval-config").path("data")));
        if (overlay.equals("overlays/demo")) {
            env.putAll(generateDemoSecret("secret.env"));
        } else {
            env.putAll(stringMap(Manifests.find(BASE, "Secret", "aval-secrets").path("stringData")));
        }
        assertTrue(env.keySet().containsAll(REQUIRED_ENV), overlay + " misses " + missing(env.keySet()));
        String reactive = env.get("QUARKUS_DATASOURCE_REACTIVE_URL");
        String jdbc = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        assertTrue(reactive.startsWith("postgresql://"), reactive);
        assertEquals("jdbc:" + reactive, jdbc, "JDBC (Flyway) and reactive URLs name the same database");
    }

    @Test
    void theDemoCommitsNoSecretAndGeneratesARandomOneBeforeApply() throws Exception {
        Path demo = K8S.resolve("overlays/demo");
        for (Path file : Manifests.yamlFiles(demo)) {
            for (JsonNode doc : Manifests.documents(file)) {
                assertFalse("Secret".equals(doc.path("kind").asText()), file + " commits a Secret");
            }
        }
        JsonNode generator =
                Manifests.documents(demo.resolve("kustomization.yaml")).get(0).at("/secretGenerator/0");
        assertEquals("aval-secrets", generator.path("name").asText());
        assertEquals("secret.env", generator.at("/envs/0").asText());
        assertTrue(
                Files.readAllLines(Manifests.ROOT.resolve(".gitignore")).contains("k8s/overlays/demo/secret.env"),
                "the generated secret.env is not git-ignored");

        Map<String, String> first = generateDemoSecret("a.env");
        Map<String, String> second = generateDemoSecret("b.env");
        Set<String> readable = new TreeSet<>();
        Manifests.knownProperties().forEach(p -> readable.add(Manifests.envName(p)));
        Set<String> unknown = new TreeSet<>();
        first.keySet().forEach(n -> check(n, readable, unknown, demo));
        assertTrue(unknown.isEmpty(), "variables the application does not read: " + unknown);
        assertEquals(
                Set.of(
                        "QUARKUS_DATASOURCE_USERNAME",
                        "QUARKUS_DATASOURCE_PASSWORD",
                        "AVAL_ADMIN_API_KEY",
                        "AVAL_CONSOLE_SESSION_KEY"),
                first.keySet());
        for (String secret : List.of("QUARKUS_DATASOURCE_PASSWORD", "AVAL_ADMIN_API_KEY", "AVAL_CONSOLE_SESSION_KEY")) {
            assertTrue(
                    first.get(secret).length() >= 32,
                    secret + " is short: " + first.get(secret).length());
            assertFalse(first.get(secret).equals(second.get(secret)), secret + " is the same in two runs");
        }
    }

    @Test
    void theDemoSecretIsNeverOverwritten() throws Exception {
        Path file = Files.createTempDirectory("aval-demo-secret").resolve("secret.env");
        Files.writeString(file, "AVAL_ADMIN_API_KEY=kept\n");
        runNewSecret(file);
        assertEquals("AVAL_ADMIN_API_KEY=kept\n", Files.readString(file));
    }

    /** Runs the demo's new-secret.sh into a fresh file and reads the variables it wrote. */
    private static Map<String, String> generateDemoSecret(String name) throws Exception {
        Path file = Files.createTempDirectory("aval-demo-secret").resolve(name);
        runNewSecret(file);
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#")) {
                assertTrue(eq > 0, "not NAME=value: " + line);
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    private static void runNewSecret(Path file) throws Exception {
        Process process = new ProcessBuilder(
                        "bash", K8S.resolve("overlays/demo/new-secret.sh").toString(), file.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "new-secret.sh did not finish");
        assertEquals(0, process.exitValue(), "new-secret.sh failed");
    }

    @Test
    void theDemoDatabaseIsTheOneTheUrlsName() {
        Path demo = K8S.resolve("overlays/demo");
        String url = Manifests.find(demo, "ConfigMap", "aval-config")
                .at("/data/QUARKUS_DATASOURCE_REACTIVE_URL")
                .asText();
        JsonNode service = Manifests.find(demo, "Service", "aval-postgres");
        JsonNode postgres = Manifests.find(demo, "StatefulSet", "aval-postgres");
        assertTrue(
                url.startsWith("postgresql://" + service.at("/metadata/name").asText() + ":"
                        + service.at("/spec/ports/0/port").asInt() + "/"),
                url);
        assertEquals(1, postgres.at("/spec/replicas").asInt());
        assertEquals(service.at("/spec/selector"), postgres.at("/spec/template/metadata/labels"));
        assertTrue(url.endsWith("/" + env(postgres, "POSTGRES_DB")), url);
    }

    @Test
    void theImageIsTheApplicationsImage() throws Exception {
        String image = container.path("image").asText();
        String repository = image.substring(0, image.lastIndexOf(':'));
        String tag = image.substring(image.lastIndexOf(':') + 1);
        assertTrue(repository.endsWith("/" + app.getProperty("quarkus.application.name")), image);
        String pom = Files.readString(Manifests.ROOT.resolve("pom.xml"));
        assertTrue(pom.contains("<version>" + tag + "</version>"), "image tag " + tag + " is not the project version");
        for (String dir : List.of("base", "overlays/production")) {
            JsonNode images = Manifests.documents(K8S.resolve(dir).resolve("kustomization.yaml"))
                    .get(0)
                    .path("images");
            assertEquals(repository, images.at("/0/name").asText(), dir + " retags another image");
        }
    }

    @Test
    void podsOutliveTheApplicationsGracefulShutdown() {
        Duration delay = Duration.parse("PT" + app.getProperty("quarkus.shutdown.delay"));
        Duration timeout = Duration.parse("PT" + app.getProperty("quarkus.shutdown.timeout"));
        int grace = deployment
                .at("/spec/template/spec/terminationGracePeriodSeconds")
                .asInt();
        assertTrue(grace > delay.plus(timeout).toSeconds(), "grace " + grace + "s <= " + delay.plus(timeout));
    }

    @Test
    void podsRunNonRootOnAReadOnlyFilesystemWithWritableTmpAndUploads() {
        JsonNode pod = deployment.at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertTrue(pod.at("/securityContext/runAsUser").asInt() > 0);
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        Map<String, String> mounts = new HashMap<>();
        container
                .path("volumeMounts")
                .forEach(m ->
                        mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
        String uploads = Manifests.find(BASE, "ConfigMap", "aval-config")
                .at("/data/QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY")
                .asText();
        for (String path : List.of("/tmp", uploads)) {
            String volume = mounts.get(path);
            assertTrue(volume != null, "nothing mounted at " + path);
            boolean emptyDir = false;
            for (JsonNode v : pod.path("volumes")) {
                emptyDir |= volume.equals(v.path("name").asText()) && v.has("emptyDir");
            }
            assertTrue(emptyDir, path + " is not an emptyDir");
        }
    }

    @Test
    void multipartUploadsBufferOnTheUploadsVolumeNotOnTmpAndNoImportWaitsOnAPod() {
        JsonNode config = Manifests.find(BASE, "ConfigMap", "aval-config").path("data");
        String uploads = config.path("QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY").asText();
        assertEquals("uploads", volumeHolding(uploads), "multipart uploads on the uploads volume: /tmp stays small");
        assertFalse(
                config.has("AVAL_IMPORT_DIRECTORY"),
                "import files are stored in PostgreSQL (every pod reads them), not on a pod's volume");
        long limit = 0;
        for (JsonNode v : deployment.at("/spec/template/spec/volumes")) {
            if ("uploads".equals(v.path("name").asText())) {
                limit = mebibytes(v.at("/emptyDir/sizeLimit").asText());
            }
        }
        assertTrue(
                limit >= 20 * 50,
                "the uploads volume buffers at least 20 multipart uploads of the 50 MiB limit"
                        + " at once (past its sizeLimit the kubelet evicts the pod): " + limit + " MiB");
    }

    @Test
    void threeReplicasWithResourcesAutoscalingAndADisruptionBudget() {
        assertEquals(3, deployment.at("/spec/replicas").asInt());
        for (String r : List.of(
                "/resources/requests/cpu",
                "/resources/requests/memory",
                "/resources/limits/cpu",
                "/resources/limits/memory")) {
            assertFalse(container.at(r).asText().isEmpty(), r);
        }
        JsonNode hpa = Manifests.find(BASE, "HorizontalPodAutoscaler", "aval");
        assertEquals("Deployment", hpa.at("/spec/scaleTargetRef/kind").asText());
        assertEquals("aval", hpa.at("/spec/scaleTargetRef/name").asText());
        assertTrue(hpa.at("/spec/minReplicas").asInt() >= 3);
        JsonNode pdb = Manifests.find(BASE, "PodDisruptionBudget", "aval");
        assertTrue(
                pdb.at("/spec/minAvailable").asInt()
                        < hpa.at("/spec/minReplicas").asInt(),
                "a drain could never proceed");
        assertEquals(deployment.at("/spec/template/metadata/labels"), pdb.at("/spec/selector/matchLabels"));
    }

    @Test
    void theNetworkPolicyLetsInHttpAndLetsOutOnlyDnsPostgresAndTracing() {
        JsonNode policy = Manifests.find(BASE, "NetworkPolicy", "aval");
        assertEquals(deployment.at("/spec/template/metadata/labels"), policy.at("/spec/podSelector/matchLabels"));
        assertEquals(
                container.at("/ports/0/containerPort").asInt(),
                policy.at("/spec/ingress/0/ports/0/port").asInt());
        Set<Integer> egress = new TreeSet<>();
        policy.at("/spec/egress")
                .forEach(rule -> rule.path("ports")
                        .forEach(p -> egress.add(p.path("port").asInt())));
        assertEquals(Set.of(53, 5432, 4317), egress);
    }

    /** The volume mounted at the longest mount path that contains {@code path}. */
    private String volumeHolding(String path) {
        String best = null;
        String volume = null;
        for (JsonNode m : container.path("volumeMounts")) {
            String mount = m.path("mountPath").asText();
            if ((path.equals(mount) || path.startsWith(mount + "/"))
                    && (best == null || mount.length() > best.length())) {
                best = mount;
                volume = m.path("name").asText();
            }
        }
        assertTrue(volume != null, "nothing mounted at or above " + path);
        return volume;
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        assertTrue(quantity.endsWith("Mi"), "size " + quantity);
        return Long.parseLong(quantity.substring(0, quantity.length() - 2));
    }

    /** The keys of the import feature's {@code @ConfigMapping} ({@code aval.import.*}). */
    private static Set<String> importSettings() {
        Set<String> names = new TreeSet<>();
        for (var method : dev.aval.imports.ImportConfig.class.getDeclaredMethods()) {
            if (method.getParameterCount() == 0
                    && !method.isDefault()
                    && !java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                names.add("aval.import."
                        + method.getName()
                                .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                                .toLowerCase());
            }
        }
        return names;
    }

    private static boolean isAvalEnvSource(JsonNode doc) {
        String kind = doc.path("kind").asText();
        String name = doc.at("/metadata/name").asText();
        return "ConfigMap".equals(kind) && "aval-config".equals(name)
                || "Secret".equals(kind) && "aval-secrets".equals(name);
    }

    private static void check(String name, Set<String> readable, Set<String> unknown, Path where) {
        if (!readable.contains(name)) {
            unknown.add(name + " (" + Manifests.ROOT.relativize(where) + ")");
        }
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new HashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static Set<String> missing(Set<String> present) {
        Set<String> missing = new TreeSet<>(REQUIRED_ENV);
        missing.removeAll(present);
        return missing;
    }

    private static String env(JsonNode workload, String name) {
        for (JsonNode e : workload.at("/spec/template/spec/containers/0/env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        throw new AssertionError("no env " + name);
    }
}
