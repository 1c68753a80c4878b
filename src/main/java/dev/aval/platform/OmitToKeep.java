package dev.aval.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a request body whose omitted fields mean "leave it as it is" (a PATCH, a PUT of settings):
 * an explicit JSON {@code null} for any field not listed in {@link #nullable} is refused with a
 * 400 naming the field, instead of being read as "omitted" and silently ignored.
 * {@link StrictBodyFields} applies it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface OmitToKeep {

    /** Fields that may be sent as {@code null}. */
    String[] nullable() default {};
}
