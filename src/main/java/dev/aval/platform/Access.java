package dev.aval.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what a {@code /v1} endpoint needs. {@link ApiKeyAccess} enforces, in order:
 * a valid key (401), the key's own distributor (403), the distributor exists (404), the
 * permission (403); only then does {@link BodyLimit} judge a JSON body's declared length (413).
 * An endpoint without it is refused to every distributor key.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Access {

    Permission value();

    /** False only where the call creates the distributor (admin PUT). */
    boolean distributorMustExist() default true;
}
