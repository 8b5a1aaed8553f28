package io.notifications.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A query parameter that is an ISO-8601 instant such as {@code example}; absent (null or empty) unless required. */
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = IsoInstant.Validator.class)
public @interface IsoInstant {

    boolean required() default false;

    String example() default "2026-11-29T12:00:00Z";

    String message() default "must be an ISO-8601 instant such as {example}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<IsoInstant, String> {

        private boolean required;

        @Override
        public void initialize(IsoInstant constraint) {
            required = constraint.required();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isEmpty()) {
                return !required;
            }
            try {
                Instant.parse(value);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }

        /** The valid value's instant, or null when there is none. */
        static Instant parse(String value) {
            return value == null || value.isEmpty() ? null : Instant.parse(value);
        }
    }
}
