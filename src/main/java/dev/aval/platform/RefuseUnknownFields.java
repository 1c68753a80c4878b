package dev.aval.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a request body that moves money: a field the type does not have is refused with a 400
 * naming it, instead of being ignored — a misspelt {@code "ammount"} would otherwise read as an
 * omitted amount (the whole hold captured, the whole invoice paid), and two bodies differing only
 * by an unknown field would count as the same request for the Idempotency-Key.
 * {@link StrictBodyFields} applies it, with {@link OmitToKeep}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface RefuseUnknownFields {}
