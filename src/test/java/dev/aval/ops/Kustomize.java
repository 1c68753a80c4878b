package dev.aval.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * {@code kubectl kustomize} over the k8s/ files a clean clone has: the files git tracks (all of
 * k8s/ when this is not a git checkout) are copied to a fresh directory and rendered there, so a
 * git-ignored or forgotten file cannot make a render pass. Skipped when no kubectl with kustomize
 * 4 or later is installed (Debian's kubernetes-client 1.20 carries kustomize 2, which knows no
 * {@code labels}).
 */
final class Kustomize {

    private static final Pattern VERSION = Pattern.compile("Kustomize Version: v(\\d+)\\.");

    private Kustomize() {}

    /** Renders {@code k8s/<overlay>} of a clean copy into a file, or aborts the test without kubectl. */
    static Path render(String overlay) throws IOException, InterruptedException {
        Run version = run(List.of("kubectl", "version", "--client"), Manifests.ROOT);
        Matcher m = VERSION.matcher(version.output());
        Assumptions.assumeTrue(
                version.exit() == 0 && m.find() && Integer.parseInt(m.group(1)) >= 4,
                "kubectl with kustomize 4+ is not installed: the manifests are checked without rendering");
        Path copy = Files.createTempDirectory("aval-k8s-clean");
        for (String file : committedFiles()) {
            Path target = copy.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(Manifests.ROOT.resolve(file), target);
        }
        Run render = run(
                List.of(
                        "kubectl",
                        "kustomize",
                        copy.resolve("k8s").resolve(overlay).toString()),
                copy);
        if (render.exit() != 0) {
            throw new AssertionError(
                    "kubectl kustomize k8s/" + overlay + " failed on a clean copy:\n" + render.output());
        }
        Path out = copy.resolve("rendered.yaml");
        Files.writeString(out, render.output());
        return out;
    }

    private static List<String> committedFiles() throws IOException, InterruptedException {
        Run git = run(List.of("git", "ls-files", "k8s"), Manifests.ROOT);
        if (git.exit() == 0 && !git.output().isBlank()) {
            return git.output().lines().filter(l -> !l.isBlank()).toList();
        }
        try (Stream<Path> files = Files.walk(Manifests.K8S)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> Manifests.ROOT.relativize(p).toString())
                    .toList();
        }
    }

    private record Run(int exit, String output) {}

    private static Run run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return new Run(-1, e.getMessage()); // not installed
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Run(-1, command + " did not finish");
        }
        return new Run(process.exitValue(), output);
    }
}
