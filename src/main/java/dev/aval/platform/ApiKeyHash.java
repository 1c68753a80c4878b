package dev.aval.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The shape and the stored form of a distributor's API key. A key is {@value #PREFIX} followed by
 * 256 random bits in unpadded base64url ({@value #SECRET_CHARS} characters), so an unsalted
 * SHA-256 is a safe stored form (no dictionary to attack) and a fast, indexable lookup; and a
 * token of any other shape cannot be a key, so it is refused without a look-up.
 */
public final class ApiKeyHash {

    /** What every issued key starts with. */
    public static final String PREFIX = "avk_";
    /** Random bytes in a key. */
    public static final int SECRET_BYTES = 32;
    /** Unpadded base64url characters after the prefix: ceil(32 * 8 / 6). */
    public static final int SECRET_CHARS = 43;

    private ApiKeyHash() {}

    public static String of(String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the token has the shape of an issued key; one that has not is unknown without asking anyone. */
    public static boolean couldBeKey(String token) {
        if (token.length() != PREFIX.length() + SECRET_CHARS || !token.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        // 32 bytes end on a 4-bit boundary: the last character carries 2 bits of padding, always zero
        return "AEIMQUYcgkosw048".indexOf(token.charAt(token.length() - 1)) >= 0;
    }
}
