package dev.aval.imports;

import java.nio.file.Path;
import java.time.Duration;
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

    /**
     * Orphaned jobs (QUEUED or RUNNING, heartbeat older than {@link #lease()}: their instance
     * stopped) are resumed by the instance that claims them when their file is there (true) or
     * marked FAILED (false). Default {@code true}.
     */
    @WithDefault("true")
    boolean resumeOnStart();

    /**
     * How often an instance refreshes the heartbeat of the jobs it holds (queued there or
     * running) and looks for orphans (read by {@code @Scheduled}). Default {@code 15s}.
     */
    @WithDefault("15s")
    Duration heartbeatEvery();

    /**
     * A job whose heartbeat is older than this is orphaned and taken over by another instance;
     * keep it several {@link #heartbeatEvery()} periods. An orphan whose file is not on the
     * claiming instance is marked FAILED only after twice the lease, so that the instance that
     * has the file (the same pod, restarted) gets the first chance to resume it. Default {@code 1m}.
     */
    @WithDefault("1m")
    Duration lease();

    /**
     * The longest a job may run, from its start (resumed or taken over jobs keep their first
     * start): past it the job ends FAILED ("its time budget was spent"), the rows already
     * committed staying applied. A 1,000,000-row file takes about a minute here. Default {@code 30m}.
     */
    @WithDefault("30m")
    Duration timeBudget();

    default Path directoryOrDefault() {
        return directory().orElse(Path.of(System.getProperty("java.io.tmpdir"), "aval-imports"));
    }
}
