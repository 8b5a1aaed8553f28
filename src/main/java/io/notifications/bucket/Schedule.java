package io.notifications.bucket;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A {@link ScanSchedule}: a Quartz cron expression or an interval, that fires. Null (the default) is valid. */
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = Schedule.Validator.class)
public @interface Schedule {

    String message() default "must be a Quartz cron expression such as '0 0/5 * * * ?' or an interval such as "
            + "'30s', '5m' or 'PT1H' (100 ms to 366 days), that fires in the future";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Schedule, String> {

        @Override
        public boolean isValid(String schedule, ConstraintValidatorContext context) {
            return schedule == null || ScanSchedule.parse(schedule.trim()).isPresent();
        }
    }
}
