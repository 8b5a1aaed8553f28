package io.notifications.bucket;

import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An include or exclude pattern of a bucket, as in {@code List<@Glob String>}: not blank, and on one line since
 * the patterns are stored one a line. Null is not valid.
 */
@Target(TYPE_USE)
@Retention(RUNTIME)
@Constraint(validatedBy = Glob.Validator.class)
public @interface Glob {

    String message() default "must be a non-empty glob such as '*.mp4' or 'proxies/**'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Glob, String> {

        @Override
        public boolean isValid(String pattern, ConstraintValidatorContext context) {
            return pattern != null && !pattern.isBlank() && !pattern.contains("\n");
        }
    }
}
