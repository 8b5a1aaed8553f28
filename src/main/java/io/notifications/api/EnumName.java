package io.notifications.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.notifications.system.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Arrays;

/** A query parameter that names a constant of the enum, in any case. Absent (null or empty) is valid. */
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = EnumName.Validator.class)
public @interface EnumName {

    Class<? extends Enum<?>> value();

    String message() default "must be one of the enum's constants";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<EnumName, String> {

        private Enum<?>[] constants;

        @Override
        public void initialize(EnumName constraint) {
            constants = constraint.value().getEnumConstants();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || value.isEmpty()
                    || Arrays.stream(constants).anyMatch(constant -> constant.name().equalsIgnoreCase(value))
                    || Violations.reject(context, "must be one of " + Arrays.toString(constants));
        }
    }
}
