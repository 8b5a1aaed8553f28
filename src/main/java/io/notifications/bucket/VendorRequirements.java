package io.notifications.bucket;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.notifications.system.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * What a bucket's store needs to be reached: an endpoint and an access key for every vendor but S3 (AWS, whose
 * default endpoint and credential chain serve), and a secret key with any access key. Blank counts as absent.
 */
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = VendorRequirements.Validator.class)
public @interface VendorRequirements {

    String message() default "is required";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<VendorRequirements, BucketSettings> {

        @Override
        public boolean isValid(BucketSettings settings, ConstraintValidatorContext context) {
            if (settings == null) {
                return true;
            }
            boolean valid = true;
            Vendor vendor = settings.vendor();
            if (vendor != null && vendor != Vendor.S3) {
                if (isBlank(settings.endpoint())) {
                    valid = Violations.reject(context, "endpoint", "is required for " + vendor);
                }
                if (isBlank(settings.accessKey())) {
                    valid = Violations.reject(context, "accessKey", "is required for " + vendor);
                }
            }
            if (!isBlank(settings.accessKey()) && (settings.secretKey() == null || settings.secretKey().isEmpty())) {
                valid = Violations.reject(context, "secretKey", "is required with accessKey");
            }
            return valid;
        }

        private static boolean isBlank(String value) {
            return value == null || value.isBlank();
        }
    }
}
