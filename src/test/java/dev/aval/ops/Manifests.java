package dev.aval.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reads the repository's deployment files and what the application declares, for the ops tests. */
final class Manifests {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path K8S = ROOT.resolve("k8s");
    private static final YAMLMapper YAML = new YAMLMapper();

    private Manifests() {}

    /** Every YAML document of a file (a file may hold several, separated by {@code ---}). */
    static List<JsonNode> documents(Path file) {
        try (MappingIterator<JsonNode> it =
                YAML.readerFor(JsonNode.class).readValues(new YAMLFactory().createParser(file.toFile()))) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + ROOT.relativize(file), e);
        }
    }

    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one document of the given kind and name in a directory (not recursive). */
    static JsonNode find(Path dir, String kind, String name) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml"))
                    .sorted()
                    .flatMap(p -> documents(p).stream())
                    .filter(d -> kind.equals(d.path("kind").asText())
                            && name.equals(d.path("metadata").path("name").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " '" + name + "' in " + ROOT.relativize(dir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties applicationProperties() {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("src/main/resources/application.properties"))) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props;
    }

    /**
     * Every configuration property the application can read: the Quarkus extensions' documented
     * keys (their config model on the test classpath), the {@code aval.*} mapping and
     * application.properties.
     */
    static Set<String> knownProperties() {
        Set<String> names = new TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        try {
            Enumeration<URL> models = Manifests.class
                    .getClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
            for (URL url : Collections.list(models)) {
                try (InputStream in = url.openStream()) {
                    json.readTree(in).findValues("path").forEach(path -> {
                        if (path.has("property")) {
                            names.add(path.get("property").asText());
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addMapping(names, "aval", dev.aval.platform.AvalConfig.class);
        addMapping(names, "aval.console", dev.aval.console.ConsoleConfig.class);
        for (String key : applicationProperties().stringPropertyNames()) {
            names.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        return names;
    }

    /** The environment variable form of a property (MicroProfile Config rule). */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static void addMapping(Set<String> names, String prefix, Class<?> type) {
        for (var method : type.getDeclaredMethods()) {
            if (method.getParameterCount() != 0
                    || method.isDefault()
                    || java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = prefix + "."
                    + method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            if (method.getReturnType().isInterface() && method.getReturnType().getDeclaringClass() == type) {
                addMapping(names, name, method.getReturnType());
            } else {
                names.add(name);
            }
        }
    }
}
