package io.notifications.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.notifications.bucket.Vendor;
import io.notifications.item.Item;
import io.notifications.system.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** A query parameter that names where items come from: a vendor's source or iconik, in any case. Absent is valid. */
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
@Constraint(validatedBy = ItemSource.Validator.class)
public @interface ItemSource {

    String message() default "must be an item source";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<ItemSource, String> {

        private static final List<String> SOURCES = Stream.concat(Arrays.stream(Vendor.values()).map(Vendor::source),
                Stream.of(Item.ICONIK)).toList();

        @Override
        public boolean isValid(String source, ConstraintValidatorContext context) {
            return source == null || source.isEmpty() || SOURCES.stream().anyMatch(source::equalsIgnoreCase)
                    || Violations.reject(context, "must be one of " + SOURCES);
        }
    }
}
