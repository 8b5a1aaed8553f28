package io.notifications.webhook;

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
import java.util.Locale;

/**
 * Names where items and their events come from, in any case: one of the sources the service has (a vendor of
 * buckets, or iconik), as {@link EventSources} tells. Absent is valid. Its validator is made by Spring, which gives
 * it the sources.
 */
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = KnownSource.Validator.class)
public @interface KnownSource {

    String message() default "must be an item source";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<KnownSource, String> {

        private final EventSources sources;

        public Validator(EventSources sources) {
            this.sources = sources;
        }

        @Override
        public boolean isValid(String source, ConstraintValidatorContext context) {
            return source == null || source.isEmpty() || sources.names().contains(source.toLowerCase(Locale.ROOT))
                    || Violations.reject(context, "must be one of " + sources.names());
        }
    }
}
