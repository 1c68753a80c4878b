package dev.aval.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque pagination cursors and the {@code limit} rule shared by every list. */
public final class Cursor {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    private Cursor() {}

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor, or returns null when none was given. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("cursor", "is not a cursor returned by this list");
        }
    }

    /** Decodes a cursor holding a UUID. */
    public static java.util.UUID decodeId(String cursor) {
        String position = decode(cursor);
        if (position == null) {
            return null;
        }
        try {
            return java.util.UUID.fromString(position);
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation("cursor", "is not a cursor returned by this list");
        }
    }

    public static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.validation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }
}
