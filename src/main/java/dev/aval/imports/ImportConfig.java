package dev.aval.imports;

import java.nio.file.Path;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the CSV import of credit accounts. */
@ConfigMapping(prefix = "aval.import")
public interface ImportConfig {

    /**
     * Largest CSV file accepted; bigger uploads get 413 PAYLOAD_TOO_LARGE, checked from
     * Content-Length before reading and while streaming otherwise. Default {@code 50M} (MiB).
     * Keep it below {@code quarkus.http.limits.max-body-size}.
     */
    @WithDefault("50M")
    MemorySize maxFileSize();

    /**
     * Where uploaded files are kept until their job ends (so a job can resume after a
     * restart). Default: {@code aval-imports} under {@code java.io.tmpdir}; use a persistent
     * volume in production.
     */
    Optional<Path> directory();

    /** Rows applied per transaction (one chunk and the job's progress commit together). Default {@code 1000}. */
    @WithDefault("1000")
    int chunkSize();

    /** Jobs QUEUED or RUNNING when the service starts are resumed (true) or marked FAILED. Default {@code true}. */
    @WithDefault("true")
    boolean resumeOnStart();

    default Path directoryOrDefault() {
        return directory().orElse(Path.of(System.getProperty("java.io.tmpdir"), "aval-imports"));
    }
}
