package io.notifications.system;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.List;

/**
 * A list of strings that is stored joined, one separator character between each: it must fit in {@code max}
 * characters as such. Null is valid.
 */
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = JoinedLength.Validator.class)
public @interface JoinedLength {

    int max();

    String message() default "must be at most {max} characters in all";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<JoinedLength, List<?>> {

        private int max;

        @Override
        public void initialize(JoinedLength constraint) {
            max = constraint.max();
        }

        @Override
        public boolean isValid(List<?> values, ConstraintValidatorContext context) {
            if (values == null) {
                return true;
            }
            long length = Math.max(values.size() - 1, 0);
            for (Object value : values) {
                length += String.valueOf(value).length();
            }
            return length <= max;
        }
    }
}
