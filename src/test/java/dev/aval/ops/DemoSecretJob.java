package dev.aval.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * Runs the script of the demo overlay's Job (the container's {@code sh -c} argument, as committed)
 * against a small stand-in for the Kubernetes API server on loopback, which answers the Secret's
 * GET and POST with the given statuses and records what the script sent.
 */
final class DemoSecretJob {

    static final String NAME = "aval-secret-init";
    static final String NAMESPACE = "aval-demo";
    static final String TOKEN = "service-account-token-for-the-test";

    /** One request the script made: method, path, Authorization header, body (parsed JSON or null). */
    record Request(String method, String path, String authorization, JsonNode body) {}

    /** What the script did: its exit code and output, and the requests it made. */
    record Result(int exit, String output, List<Request> requests) {

        /** The {@code stringData} of the Secret the script created (empty if it created none). */
        Map<String, String> secret() {
            Map<String, String> values = new HashMap<>();
            requests.stream()
                    .filter(r -> r.method().equals("POST") && r.body() != null)
                    .forEach(r -> r.body()
                            .path("stringData")
                            .fields()
                            .forEachRemaining(
                                    e -> values.put(e.getKey(), e.getValue().asText())));
            return values;
        }
    }

    private DemoSecretJob() {}

    /** The script against an API server where the Secret exists (GET 200) or not (404, then POST 201). */
    static Result run(Path overlay, boolean secretExists) {
        return run(overlay, secretExists ? 200 : 404, 201);
    }

    static Result run(Path overlay, int getStatus, int postStatus) {
        JsonNode job = Manifests.find(overlay, "Job", NAME);
        JsonNode container = job.at("/spec/template/spec/containers/0");
        String script = container.at("/args/0").asText();
        ObjectMapper json = new ObjectMapper();
        List<Request> requests = new CopyOnWriteArrayList<>();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode body = bytes.length == 0 ? null : json.readTree(bytes);
            String method = exchange.getRequestMethod();
            requests.add(new Request(
                    method,
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    body));
            int status = method.equals("GET") ? getStatus : method.equals("POST") ? postStatus : 405;
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        try {
            Path account = Files.createTempDirectory("aval-demo-sa");
            Files.writeString(account.resolve("namespace"), NAMESPACE);
            Files.writeString(account.resolve("token"), TOKEN);
            Files.writeString(account.resolve("ca.crt"), "not used over http\n");
            ProcessBuilder builder = new ProcessBuilder(
                            container.at("/command/0").asText(),
                            container.at("/command/1").asText(),
                            script)
                    .redirectErrorStream(true);
            builder.environment()
                    .put("API", "http://127.0.0.1:" + server.getAddress().getPort());
            builder.environment().put("SA", account.toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the Job's script did not finish: " + output);
            }
            return new Result(process.exitValue(), output, List.copyOf(requests));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            server.stop(0);
        }
    }
}
