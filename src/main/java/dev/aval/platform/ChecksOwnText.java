package dev.aval.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a request type whose strings are checked by the feature itself, item by item (a batch item
 * with a NUL character is that item's REJECTED, not the whole batch's 400): {@link StrictBodyFields}
 * reads its strings as sent. Its feature must then refuse NUL itself ({@link Bounds#hasNul}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ChecksOwnText {}
