package dev.aval.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A money amount of a request: at most 2 decimals and at most {@value Bounds#MAX_AMOUNT_TEXT}
 * ({@link Bounds#amountViolation}), each refusal with its own message. The lower bound (0.00 or
 * 0.01) stays a {@code @DecimalMin} beside it; null is valid (add {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = Amount.Check.class)
@Target({
    ElementType.METHOD,
    ElementType.FIELD,
    ElementType.ANNOTATION_TYPE,
    ElementType.CONSTRUCTOR,
    ElementType.PARAMETER,
    ElementType.TYPE_USE
})
@Retention(RetentionPolicy.RUNTIME)
public @interface Amount {

    String message() default Bounds.AMOUNT_DECIMALS;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Applies {@link Bounds#amountViolation}. */
    final class Check implements ConstraintValidator<Amount, BigDecimal> {

        @Override
        public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
            String violation = Bounds.amountViolation(value);
            if (violation == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(violation).addConstraintViolation();
            return false;
        }
    }
}
