package dev.aval.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.aval.platform.ProblemException;
import io.quarkus.logging.Log;

/**
 * Uploaded files on disk, one per job ({@code <importId>.csv}), kept until the job ends so a
 * restart can resume it. Blocking file I/O: call from a worker thread.
 */
@ApplicationScoped
class ImportStore {

    private static final int BUFFER = 64 * 1024;

    @Inject
    ImportConfig config;

    Path pathOf(UUID importId) {
        return config.directoryOrDefault().resolve(importId + ".csv");
    }

    /**
     * Streams a raw body to the job's file, counting bytes: past the limit the partial file is
     * deleted and the upload refused with 413, so a file of unknown length never fills memory
     * or the disk. Returns the size.
     */
    long save(UUID importId, InputStream body) {
        Path target = pathOf(importId);
        long max = config.maxFileSize().asLongValue();
        long total = 0;
        try {
            Files.createDirectories(target.getParent());
            try (InputStream in = body; OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[BUFFER];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    total += read;
                    if (total > max) {
                        throw tooLarge(max);
                    }
                    out.write(buffer, 0, read);
                }
            }
            return total;
        } catch (IOException e) {
            delete(importId);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete(importId);
            throw e;
        }
    }

    /** Takes over a multipart upload that quarkus-rest already streamed to disk. */
    long adopt(UUID importId, Path uploaded) {
        Path target = pathOf(importId);
        try {
            long size = Files.size(uploaded);
            if (size > config.maxFileSize().asLongValue()) {
                throw tooLarge(config.maxFileSize().asLongValue());
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(uploaded, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileSystemException e) {
                Files.copy(uploaded, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return size;
        } catch (IOException e) {
            delete(importId);
            throw new UncheckedIOException(e);
        }
    }

    void delete(UUID importId) {
        try {
            Files.deleteIfExists(pathOf(importId));
        } catch (IOException e) {
            Log.warnf("could not delete the file of import %s: %s", importId, e.getMessage());
        }
    }

    static ProblemException tooLarge(long max) {
        return new ProblemException(413, "PAYLOAD_TOO_LARGE", "Payload too large",
                "CSV files are limited to " + max + " bytes (" + (max / (1024 * 1024)) + " MiB); split the file");
    }
}
