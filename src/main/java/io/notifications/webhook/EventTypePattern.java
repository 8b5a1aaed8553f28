package io.notifications.webhook;

import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.notifications.system.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An event type a subscription chooses, as in {@code List<@EventTypePattern String>}: one of {@link EventTypes#ALL}
 * or a wildcard such as {@code item.*} (see {@link EventTypes#isValidPattern}). Null is not valid.
 */
@Target(TYPE_USE)
@Retention(RUNTIME)
@Constraint(validatedBy = EventTypePattern.Validator.class)
public @interface EventTypePattern {

    String message() default "must be an event type or a wildcard such as 'item.*'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<EventTypePattern, String> {

        @Override
        public boolean isValid(String pattern, ConstraintValidatorContext context) {
            return EventTypes.isValidPattern(pattern) || Violations.reject(context,
                    "must be one of " + EventTypes.ALL + " or a wildcard such as 'item.*'");
        }
    }
}
