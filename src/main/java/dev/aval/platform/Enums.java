package dev.aval.platform;

import java.util.Arrays;

/** Parses enum-valued query parameters into a 400 naming the parameter, instead of JAX-RS's 404. */
public final class Enums {

    private Enums() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
