package dev.aval.imports;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.smallrye.mutiny.Uni;

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
        return ImportStore.chunks(body, max)
                .onItem()
                .invoke(digest::update)
                .collect()
                .last()
                .map(ignored -> HexFormat.of().formatHex(digest.digest()));
    }
}
