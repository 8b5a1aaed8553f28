package io.notifications.bucket;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.Pipelines;
import io.notifications.processing.ProcessorRegistry;
import io.notifications.system.Violations;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * The bucket's processor is one the service has, and its {@code processorConfig} (a JSON object of at most
 * {@value Validator#MAX_CONFIG_LENGTH} characters) binds to that processor's configuration and passes its
 * constraints. The field named is {@code processor}, {@code processorConfig} or the option within it, such as
 * {@code processorConfig.sha256}. A {@code pipeline} instead is checked step by step, naming the step and field,
 * such as {@code pipeline[1].config.gallery}. Its validator is made by Spring, which gives it the processors.
 */
@Target(TYPE)
@Retention(RUNTIME)
@Constraint(validatedBy = KnownProcessor.Validator.class)
public @interface KnownProcessor {

    String message() default "is not a known processor";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<KnownProcessor, BucketSettings> {

        static final int MAX_CONFIG_LENGTH = 100_000;

        private final ProcessorRegistry processors;
        private final Pipelines pipelines;

        public Validator(ProcessorRegistry processors, Pipelines pipelines) {
            this.processors = processors;
            this.pipelines = pipelines;
        }

        @Override
        public boolean isValid(BucketSettings settings, ConstraintValidatorContext context) {
            if (settings == null) {
                return true;
            }
            if (settings.hasPipeline()) {
                return validPipeline(settings, context);
            }
            JsonNode config = settings.processorConfig();
            if (config != null && !config.isNull() && !config.isObject()) {
                return Violations.reject(context, "processorConfig", "must be a JSON object");
            }
            String json = settings.processorConfigJson();
            if (json != null && json.length() > MAX_CONFIG_LENGTH) {
                return Violations.reject(context, "processorConfig",
                        "must be at most " + MAX_CONFIG_LENGTH + " characters of JSON");
            }
            try {
                processors.bindConfig(settings.processorOrDefault(), json);
                return true;
            } catch (InvalidProcessorConfigException e) {
                // The field may be a path within the configuration: one node named so reads as that path
                return Violations.reject(context, e.field(), e.getMessage());
            }
        }

        private boolean validPipeline(BucketSettings settings, ConstraintValidatorContext context) {
            if (settings.processor() != null || settings.processorConfigJson() != null) {
                return Violations.reject(context, "pipeline",
                        "give either a pipeline or a processor with its processorConfig, not both");
            }
            if (settings.pipeline().toString().length() > MAX_CONFIG_LENGTH) {
                return Violations.reject(context, "pipeline",
                        "must be at most " + MAX_CONFIG_LENGTH + " characters of JSON");
            }
            try {
                pipelines.read(settings.pipeline(), "pipeline");
                return true;
            } catch (InvalidProcessorConfigException e) {
                return Violations.reject(context, e.field(), e.getMessage());
            }
        }
    }
}
