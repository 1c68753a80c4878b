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
    /** Read by the container's entrypoint (docker/Dockerfile.jvm) or glibc's malloc, not by Quarkus. */
    private static final Set<String> JVM_ENV = Set.of("JAVA_OPTS_APPEND", "JAVA_OPTS", "MALLOC_ARENA_MAX");

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
            env.putAll(DemoSecretJob.run(K8S.resolve(overlay), false).secret());
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
    void theDemoSecretIsMadeInTheClusterByAJobAllowedOnlyThat() {
        Path demo = K8S.resolve("overlays/demo");
        JsonNode job = Manifests.find(demo, "Job", DemoSecretJob.NAME);
        JsonNode pod = job.at("/spec/template/spec");
        String account = pod.path("serviceAccountName").asText();
        assertEquals(
                "ServiceAccount",
                Manifests.find(demo, "ServiceAccount", account).path("kind").asText());
        JsonNode binding = Manifests.find(demo, "RoleBinding", DemoSecretJob.NAME);
        assertEquals("ServiceAccount", binding.at("/subjects/0/kind").asText());
        assertEquals(account, binding.at("/subjects/0/name").asText());
        assertEquals(1, binding.path("subjects").size(), "one subject");
        assertEquals("Role", binding.at("/roleRef/kind").asText(), "a namespaced Role, not a ClusterRole");
        JsonNode role = Manifests.find(demo, "Role", binding.at("/roleRef/name").asText());
        Set<String> grants = new TreeSet<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    for (JsonNode verb : rule.path("verbs")) {
                        String on = group.asText() + "/" + resource.asText();
                        if (rule.has("resourceNames")) {
                            rule.path("resourceNames")
                                    .forEach(n -> grants.add(verb.asText() + " " + on + "/" + n.asText()));
                        } else {
                            grants.add(verb.asText() + " " + on);
                        }
                    }
                }
            }
        }
        // Kubernetes cannot narrow `create` to a name (it is in the body): everything else is that one Secret
        assertEquals(Set.of("get /secrets/aval-secrets", "create /secrets"), grants);

        JsonNode init = pod.at("/containers/0");
        assertEquals(container.path("image").asText(), init.path("image").asText(), "the Job runs Aval's image");
        assertEquals(1, pod.path("containers").size());
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        assertTrue(init.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        assertFalse(init.at("/securityContext/allowPrivilegeEscalation").asBoolean(true));
        assertTrue(job.at("/spec/backoffLimit").asInt() > 0, "the Job retries until the API server answers");
        // the pods read the Secret by its plain name, the one the Job creates
        assertEquals("aval-secrets", container.at("/envFrom/1/secretRef/name").asText());
        JsonNode postgres = Manifests.find(demo, "StatefulSet", "aval-postgres");
        for (JsonNode e : postgres.at("/spec/template/spec/containers/0/env")) {
            if (e.has("valueFrom")) {
                assertEquals(
                        "aval-secrets", e.at("/valueFrom/secretKeyRef/name").asText(), e.toString());
            }
        }
    }

    @Test
    void theJobCreatesTheSecretWithRandomValuesTheApplicationReads() {
        Path demo = K8S.resolve("overlays/demo");
        DemoSecretJob.Result first = DemoSecretJob.run(demo, false);
        DemoSecretJob.Result second = DemoSecretJob.run(demo, false);
        assertEquals(0, first.exit(), first.output());
        String secrets = "/api/v1/namespaces/" + DemoSecretJob.NAMESPACE + "/secrets";
        assertEquals(
                List.of("GET " + secrets + "/aval-secrets", "POST " + secrets),
                first.requests().stream().map(r -> r.method() + " " + r.path()).toList());
        for (DemoSecretJob.Request request : first.requests()) {
            assertEquals("Bearer " + DemoSecretJob.TOKEN, request.authorization(), "the service account's token");
        }
        JsonNode created = first.requests().get(1).body();
        assertEquals("Secret", created.path("kind").asText());
        assertEquals("aval-secrets", created.at("/metadata/name").asText());
        assertFalse(first.output().contains(first.secret().get("AVAL_ADMIN_API_KEY")), "the Job prints no value");

        Map<String, String> values = first.secret();
        assertEquals(
                Set.of(
                        "QUARKUS_DATASOURCE_USERNAME",
                        "QUARKUS_DATASOURCE_PASSWORD",
                        "AVAL_ADMIN_API_KEY",
                        "AVAL_CONSOLE_SESSION_KEY"),
                values.keySet());
        Set<String> readable = new TreeSet<>();
        Manifests.knownProperties().forEach(p -> readable.add(Manifests.envName(p)));
        Set<String> unknown = new TreeSet<>();
        values.keySet().forEach(n -> check(n, readable, unknown, demo));
        assertTrue(unknown.isEmpty(), "variables the application does not read: " + unknown);
        for (String secret : List.of("QUARKUS_DATASOURCE_PASSWORD", "AVAL_ADMIN_API_KEY", "AVAL_CONSOLE_SESSION_KEY")) {
            assertTrue(
                    values.get(secret).length() >= 32,
                    secret + " is short: " + values.get(secret).length());
            assertFalse(values.get(secret).equals(second.secret().get(secret)), secret + " is the same in two runs");
        }
    }

    @Test
    void theJobNeverOverwritesTheSecretAndFailsWhenTheApiRefuses() {
        Path demo = K8S.resolve("overlays/demo");
        DemoSecretJob.Result existing = DemoSecretJob.run(demo, true);
        assertEquals(0, existing.exit(), existing.output());
        assertEquals(
                List.of("GET"),
                existing.requests().stream().map(DemoSecretJob.Request::method).toList(),
                "an existing Secret is only read");
        DemoSecretJob.Result raced = DemoSecretJob.run(demo, 404, 409);
        assertEquals(0, raced.exit(), "created meanwhile by another run: kept, " + raced.output());
        DemoSecretJob.Result forbidden = DemoSecretJob.run(demo, 403, 201);
        assertTrue(forbidden.exit() != 0, "a refused read fails the Job (it retries): " + forbidden.output());
        assertEquals(1, forbidden.requests().size(), "nothing is created after a refused read");
        DemoSecretJob.Result refused = DemoSecretJob.run(demo, 404, 403);
        assertTrue(refused.exit() != 0, "a refused create fails the Job: " + refused.output());
    }

    @Test
    void noSecretValueIsCommittedUnderK8s() throws Exception {
        java.util.regex.Pattern key = java.util.regex.Pattern.compile("avk_[A-Za-z0-9_-]{16,}");
        List<Path> files;
        try (var walk = Files.walk(K8S)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            assertTrue(
                    name.endsWith(".yaml") || name.endsWith(".md"),
                    Manifests.ROOT.relativize(file)
                            + ": only manifests under k8s/ (a generated secret file left behind?)");
            String text = Files.readString(file);
            assertFalse(key.matcher(text).find(), Manifests.ROOT.relativize(file) + " holds an API key");
            if (!name.endsWith(".yaml")) {
                continue;
            }
            for (JsonNode doc : Manifests.documents(file)) {
                if ("Secret".equals(doc.path("kind").asText())) {
                    for (String field : List.of("data", "stringData")) {
                        doc.path(field)
                                .fields()
                                .forEachRemaining(e -> assertTrue(
                                        e.getValue().asText().matches("<[^>]*>"),
                                        file + ": " + e.getKey() + " is a value, not a <placeholder>"));
                    }
                }
                if ("Kustomization".equals(doc.path("kind").asText())) {
                    assertFalse(doc.has("secretGenerator"), file + ": a secretGenerator reads values from files");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/demo", "overlays/production"})
    void eachOverlayRendersFromTheCommittedFilesAlone(String overlay) throws Exception {
        Path rendered = Kustomize.render(overlay);
        Map<String, JsonNode> byKind = new HashMap<>();
        for (JsonNode doc : Manifests.documents(rendered)) {
            String kind = doc.path("kind").asText();
            assertFalse("Secret".equals(kind), overlay + " renders a Secret: " + doc.at("/metadata/name"));
            byKind.put(kind + "/" + doc.at("/metadata/name").asText(), doc);
        }
        JsonNode deployment = byKind.get("Deployment/aval");
        assertTrue(deployment != null, overlay + " renders no Deployment: " + byKind.keySet());
        assertEquals(
                "aval-secrets",
                deployment
                        .at("/spec/template/spec/containers/0/envFrom/1/secretRef/name")
                        .asText());
        Set<String> secretInit = Set.of(
                "ServiceAccount/aval-secret-init",
                "Role/aval-secret-init",
                "RoleBinding/aval-secret-init",
                "Job/aval-secret-init");
        if (overlay.equals("overlays/demo")) {
            assertTrue(byKind.keySet().containsAll(secretInit), "demo renders " + byKind.keySet());
            assertEquals(
                    deployment.at("/spec/template/spec/containers/0/image").asText(),
                    byKind.get("Job/aval-secret-init")
                            .at("/spec/template/spec/containers/0/image")
                            .asText());
        } else {
            // production expects the Secret made by its operator: nothing in the cluster makes one
            assertTrue(
                    byKind.keySet().stream().noneMatch(secretInit::contains), "production renders " + byKind.keySet());
        }
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
