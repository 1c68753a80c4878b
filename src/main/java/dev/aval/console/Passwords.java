package dev.aval.console;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Console passwords as Argon2id hashes (Password4j), with OWASP's minimum parameters: 19 MiB,
 * 2 iterations, 1 lane. Slow on purpose: callers run these off the event loop.
 */
final class Passwords {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 200;
    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    /** Verified against when the email is unknown, so both answers take as long. */
    private static final String DUMMY = hash("not a password of anyone's");

    private Passwords() {}

    static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    static boolean matches(String password, String hash) {
        if (hash == null) {
            Password.check(password, DUMMY).with(ARGON2);
            return false;
        }
        return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }

    /** Null when acceptable, else what is wrong with it. */
    static String problem(String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "must have at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "must have at most " + MAX_LENGTH + " characters";
        }
        return null;
    }
}
