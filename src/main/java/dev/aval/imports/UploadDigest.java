package dev.aval.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The SHA-256 of an upload, by which a retry with the same Idempotency-Key is recognised: taken
 * while the file is stored ({@link DigestInputStream} around what {@link ImportStore} reads), or,
 * for a retry that is only compared, by reading the body through in chunks and keeping nothing.
 */
final class UploadDigest {

    private UploadDigest() {}

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hex digest of what {@code in} has read (call once, when it reached its end). */
    static String hex(DigestInputStream in) {
        return HexFormat.of().formatHex(in.getMessageDigest().digest());
    }

    /**
     * Reads {@code body} to its end on worker threads, {@value ImportStore#CHUNK} bytes at a time,
     * and completes with its hex SHA-256; past {@code max} bytes, 413 as for a stored upload.
     */
    static Uni<String> of(InputStream body, long max) {
        MessageDigest digest = sha256();
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
                .transformToUniAndConcatenate(chunk -> {
                    total[0] += chunk.length;
                    if (total[0] > max) {
                        return Uni.createFrom().failure(ImportStore.tooLarge(max));
                    }
                    digest.update(chunk);
                    return Uni.createFrom().voidItem();
                })
                .collect()
                .last()
                .map(ignored -> HexFormat.of().formatHex(digest.digest()))
                .onTermination()
                .invoke(() -> close(body));
    }

    private static byte[] read(InputStream in) {
        try {
            return in.readNBytes(ImportStore.CHUNK);
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
}
