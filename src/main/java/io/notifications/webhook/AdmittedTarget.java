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

/**
 * A webhook URL of at most {@code maxLength} characters that the {@link TargetGuard} admits (an http or https URL
 * whose host is not refused); the guard's reason is the message. Null or blank is left to {@code @NotBlank}. Its
 * validator is made by Spring, which gives it the guard.
 */
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = AdmittedTarget.Validator.class)
public @interface AdmittedTarget {

    int maxLength();

    String message() default "is not a URL webhooks may be sent to";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<AdmittedTarget, String> {

        private final TargetGuard guard;
        private int maxLength;

        public Validator(TargetGuard guard) {
            this.guard = guard;
        }

        @Override
        public void initialize(AdmittedTarget constraint) {
            maxLength = constraint.maxLength();
        }

        @Override
        public boolean isValid(String url, ConstraintValidatorContext context) {
            if (url == null || url.trim().isEmpty()) {
                return true;
            }
            if (url.length() > maxLength) {
                return Violations.reject(context, "must be at most " + maxLength + " characters");
            }
            return guard.refusal(url.trim()).map(reason -> Violations.reject(context, reason)).orElse(true);
        }
    }
}
