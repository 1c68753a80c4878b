package dev.aval.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Uploaded files, kept in PostgreSQL where every instance reads them: streamed in as chunks of
 * {@value #CHUNK} bytes while the upload arrives (never the whole file in memory), read back in
 * order as a {@link StoredFile} by whichever instance runs the job, deleted when the job ends.
 */
@ApplicationScoped
class ImportStore {

    /** Bytes per stored chunk: one is in memory per upload in flight, two per job being read. */
    static final int CHUNK = 1024 * 1024;
    /** How long a blocked read of a stored chunk may wait for the database before the job pauses. */
    static final Duration READ_TIMEOUT = Duration.ofMinutes(1);

    @Inject
    ImportConfig config;

    @Inject
    ImportFileRepository files;

    /**
     * Streams a body into the job's stored file, counting bytes: past the limit what was stored
     * is deleted and the upload refused with 413, so a file of unknown length never fills memory
     * or the database. Reading the body blocks, so each read runs on a worker thread. Completes
     * with the size.
     */
    Uni<Long> save(UUID importId, InputStream body) {
        int[] seq = {0};
        return chunks(body, config.maxFileSize().asLongValue())
                .onItem()
                .call(chunk -> files.store(importId, seq[0]++, chunk))
                .collect()
                .with(Collectors.summingLong(chunk -> (long) chunk.length))
                .onFailure()
                .call(() -> delete(importId));
    }

    /**
     * A body as chunks of up to {@value #CHUNK} bytes, read on worker threads (reading blocks) until
     * its end, then closed; past {@code max} bytes it fails with 413 before the chunk is handed on.
     * One chunk is in memory at a time.
     */
    static Multi<byte[]> chunks(InputStream body, long max) {
        long[] total = {0};
        return Multi.createBy()
                .repeating()
                .uni(
                        () -> body,
                        in -> Uni.createFrom()
                                .item(() -> read(in))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .until(chunk -> chunk.length == 0)
                .onItem()
                .invoke(chunk -> {
                    total[0] += chunk.length;
                    if (total[0] > max) {
                        throw tooLarge(max);
                    }
                })
                .onTermination()
                .invoke(() -> close(body));
    }

    /** A multipart upload that quarkus-rest already streamed to a temporary file. */
    Uni<Long> save(UUID importId, Path uploaded) {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        if (Files.size(uploaded) > config.maxFileSize().asLongValue()) {
                            throw tooLarge(config.maxFileSize().asLongValue());
                        }
                        return Files.newInputStream(uploaded);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(in -> save(importId, in));
    }

    /** The stored file of a job, to read (blocking) from the import's own threads. */
    CsvFile.Source source(UUID importId, long size) {
        return () -> new StoredFile(files, importId, size, READ_TIMEOUT);
    }

    /** Deletes a job's stored file; never fails (a file left behind is swept later). */
    Uni<Void> delete(UUID importId) {
        return files.delete(importId).onFailure().recoverWithItem(e -> {
            Log.warnf("could not delete the file of import %s (it is swept later): %s", importId, e.toString());
            return null;
        });
    }

    private static byte[] read(InputStream in) {
        try {
            return in.readNBytes(CHUNK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            Log.debugf("closing an upload: %s", e.toString());
        }
    }

    static ProblemException tooLarge(long max) {
        return new ProblemException(
                413,
                "PAYLOAD_TOO_LARGE",
                "Payload too large",
                "CSV files are limited to " + max + " bytes (" + (max / (1024 * 1024)) + " MiB); split the file");
    }
}
