package dev.aval.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under a key derived, for one purpose, from the console's session encryption key:
 * what the console keeps or sends derived from a secret it must not reveal (the CSRF token bound
 * to a session, an email counted by the sign-in throttle) cannot be recomputed by whoever reads it
 * without that key, and one purpose's values say nothing of another's.
 */
final class KeyedHash {

    private final SecretKeySpec key;

    KeyedHash(String purpose, String sessionKey) {
        try {
            byte[] derived = MessageDigest.getInstance("SHA-256")
                    .digest((purpose + "\n" + sessionKey).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(derived, "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] of(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
