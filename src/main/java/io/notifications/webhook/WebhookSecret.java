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

/** A Standard Webhooks secret a client chose (see {@link WebhookSecrets#problem}). Null (one is generated) is valid. */
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = WebhookSecret.Validator.class)
public @interface WebhookSecret {

    String message() default "must be a Standard Webhooks secret";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<WebhookSecret, String> {

        @Override
        public boolean isValid(String secret, ConstraintValidatorContext context) {
            String problem = secret == null ? null : WebhookSecrets.problem(secret);
            return problem == null || Violations.reject(context, problem);
        }
    }
}
