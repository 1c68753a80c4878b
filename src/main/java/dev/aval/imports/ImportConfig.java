package dev.aval.imports;

import java.time.Duration;

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

    /** Rows applied per transaction (one chunk and the job's progress commit together). Default {@code 1000}. */
    @WithDefault("1000")
    int chunkSize();

    /**
     * How many jobs one instance runs at once (each holds about two stored chunks of 1 MiB and
     * one chunk of rows in memory). Default {@code 2}.
     */
    @WithDefault("2")
    int jobsPerInstance();

    /**
     * How often an instance with a free place looks for a job to take (a QUEUED one, one handed
     * over, or one whose runner stopped). Uploads to this instance are looked for at once.
     * Default {@code 2s}.
     */
    @WithDefault("2s")
    Duration pollEvery();

    /**
     * A job that has run this long hands its place over to a waiting job of a distributor with
     * fewer jobs running, and waits for its next turn (it resumes where it stopped): imports of
     * different distributors never wait behind each other for longer. Default {@code 30s}.
     */
    @WithDefault("30s")
    Duration turn();

    /**
     * How often an instance refreshes the heartbeat of the jobs it runs (read by
     * {@code @Scheduled}), and sweeps stored files that no job needs. Default {@code 15s}.
     */
    @WithDefault("15s")
    Duration heartbeatEvery();

    /**
     * A running job whose heartbeat is older than this is free for any instance to take over
     * (its instance stopped without handing it over: a crash, kill -9); keep it several
     * {@link #heartbeatEvery()} periods. A job handed over at shutdown is free at once.
     * Default {@code 1m}.
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
}
