package io.notifications.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.api.EnumName;
import io.notifications.api.IsoInstant;
import io.notifications.webhook.KnownSource;
import io.notifications.api.WholeNumber;
import io.notifications.bucket.BucketSettings;
import io.notifications.bucket.Glob;
import io.notifications.bucket.HttpUrl;
import io.notifications.bucket.KnownProcessor;
import io.notifications.bucket.Schedule;
import io.notifications.bucket.Vendor;
import io.notifications.processing.Pipelines;
import io.notifications.processing.ProcessorRegistry;
import io.notifications.support.TestProcessors;
import io.notifications.webhook.AdmittedTarget;
import io.notifications.webhook.EventTypePattern;
import io.notifications.webhook.TargetGuard;
import io.notifications.webhook.WebhookProperties;
import io.notifications.webhook.WebhookSecret;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorFactory;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The custom constraints of the API's bodies and parameters, each with values it takes and values it refuses, as
 * plain Bean Validation sees them; and the field errors {@link InputValidator} makes of their violations.
 */
class CustomConstraintsTest {

    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    record Scheduled(@Schedule String schedule) {
    }

    record Patterns(@JoinedLength(max = 20) List<@Glob String> include) {
    }

    record Endpoint(@HttpUrl(maxLength = 30) String endpoint) {
    }

    record Types(List<@EventTypePattern String> eventTypes) {
    }

    record Secret(@WebhookSecret String secret) {
    }

    record Paging(@WholeNumber(min = 1, max = 500) String size) {
    }

    enum Colour { RED, GREEN }

    record Filters(@EnumName(Colour.class) String colour, @KnownSource String source) {
    }

    record Since(@IsoInstant String since,
                 @IsoInstant(required = true, example = "2026-11-27T00:00:00Z") String until) {
    }

    record Target(@AdmittedTarget(maxLength = 40) String url) {
    }

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void aScheduleIsACronExpressionOrAnIntervalThatFires() {
        for (String valid : Arrays.asList(null, "1m", " 30s ", "PT1H", "500ms", "0 0/5 * * * ?")) {
            assertThat(errors(new Scheduled(valid))).as(valid).isEmpty();
        }
        for (String invalid : List.of("", "every tuesday", "50ms", "367d", "99999999999999999999s", "0 0 0 30 2 ?",
                "0 0 0 1 1 ? 2001", "1m".repeat(100))) {
            assertThat(errors(new Scheduled(invalid))).as(invalid).containsOnlyKeys("schedule")
                    .extractingByKey("schedule").asString().startsWith("must be a Quartz cron expression");
        }
    }

    @Test
    void globsAreNonEmptyLinesThatFitJoined() {
        assertThat(errors(new Patterns(List.of("*.mp4", "proxies/**")))).isEmpty();
        assertThat(errors(new Patterns(null))).isEmpty();
        assertThat(errors(new Patterns(Arrays.asList("*.mp4", " ", "a\nb", null)))).containsOnly(
                entry("include[1]", "must be a non-empty glob such as '*.mp4' or 'proxies/**'"),
                entry("include[2]", "must be a non-empty glob such as '*.mp4' or 'proxies/**'"),
                entry("include[3]", "must be a non-empty glob such as '*.mp4' or 'proxies/**'"));
        // 10 + 1 + 9 = 20 fits; one more does not
        assertThat(errors(new Patterns(List.of("x".repeat(10), "y".repeat(9))))).isEmpty();
        assertThat(errors(new Patterns(List.of("x".repeat(10), "y".repeat(10)))))
                .containsOnly(entry("include", "must be at most 20 characters in all"));
    }

    @Test
    void anEndpointIsAnAbsoluteHttpUrlOfLimitedLength() {
        for (String valid : Arrays.asList(null, "", "  ", "http://swarm:8080", " https://s3.example.com/ ")) {
            assertThat(errors(new Endpoint(valid))).as(valid).isEmpty();
        }
        for (String invalid : List.of("ftp://example.com", "swarm.example.com", "http://", "https:///path", "a b")) {
            assertThat(errors(new Endpoint(invalid))).as(invalid)
                    .containsOnly(entry("endpoint", "must be an absolute http or https URL"));
        }
        // Too long is said first, whatever else is wrong
        assertThat(errors(new Endpoint("ftp://" + "e".repeat(30))))
                .containsOnly(entry("endpoint", "must be at most 30 characters"));
    }

    @Test
    void eventTypesAreKnownOrWildcards() {
        assertThat(errors(new Types(List.of("*", "item.*", "item.done", "webhook.ping")))).isEmpty();
        Map<String, String> errors = errors(new Types(Arrays.asList("item.done", "item.exploded", "ITEM.*", null)));
        assertThat(errors).containsOnlyKeys("eventTypes[1]", "eventTypes[2]", "eventTypes[3]");
        assertThat(errors.get("eventTypes[1]")).startsWith("must be one of [item.created, ")
                .endsWith(" or a wildcard such as 'item.*'");
    }

    @Test
    void aWebhookSecretIsAStandardWebhooksSecret() {
        assertThat(errors(new Secret(null))).isEmpty();
        assertThat(errors(new Secret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))).isEmpty();
        assertThat(errors(new Secret("hunter2")))
                .containsOnly(entry("secret", "must start with 'whsec_' followed by a base64 key"));
        assertThat(errors(new Secret("whsec_c2hvcnQ=")))
                .containsOnly(entry("secret", "the key must be 24 to 64 bytes"));
        assertThat(errors(new Secret("whsec_!!!")))
                .containsOnly(entry("secret", "the key after 'whsec_' must be base64"));
    }

    @Test
    void queryParametersAreWholeNumbersEnumNamesSourcesAndInstants() {
        for (String valid : Arrays.asList(null, "", "1", "500")) {
            assertThat(errors(new Paging(valid))).as(valid).isEmpty();
        }
        for (String invalid : List.of("0", "501", "-1", "abc", "1e3", "99999999999")) {
            assertThat(errors(new Paging(invalid))).as(invalid)
                    .containsOnly(entry("size", "must be a whole number from 1 to 500"));
        }
        try (ValidatorFactory injecting = injecting()) {
            Validator validator = injecting.getValidator();
            assertThat(errors(validator, new Filters("green", "S3"))).isEmpty();
            assertThat(errors(validator, new Filters("", "Iconik"))).isEmpty();
            assertThat(errors(validator, new Filters("BLUE", "dropbox"))).containsOnly(
                    entry("colour", "must be one of [RED, GREEN]"),
                    entry("source", "must be one of [datacore, iconik, objectmatrix, s3]"));
        }
        assertThat(errors(new Since(null, "2026-11-27T00:00:00Z"))).isEmpty();
        assertThat(errors(new Since("yesterday", ""))).containsOnly(
                entry("since", "must be an ISO-8601 instant such as 2026-11-29T12:00:00Z"),
                entry("until", "must be an ISO-8601 instant such as 2026-11-27T00:00:00Z"));
    }

    /** The two constraints whose validators Spring makes, with the beans they need, made here by hand. */
    @Test
    void theProcessorAndTheWebhookTargetAreCheckedByTheirBeans() {
        try (ValidatorFactory injecting = injecting()) {
            Validator validator = injecting.getValidator();

            assertThat(errors(validator, new Target("https://hooks.example.com/in"))).isEmpty();
            assertThat(errors(validator, new Target(" "))).isEmpty();
            assertThat(errors(validator, new Target("ftp://hooks.example.com")))
                    .containsOnly(entry("url", "must be an http or https URL"));
            assertThat(errors(validator, new Target("http://169.254.169.254/latest/meta-data/")))
                    .extractingByKey("url").asString().contains("link-local address");
            assertThat(errors(validator, new Target("https://example.com/" + "x".repeat(40))))
                    .containsOnly(entry("url", "must be at most 40 characters"));

            assertThat(errors(validator, bucket(Vendor.S3, null, null, "always-fails", Map.of("message", "no"))))
                    .isEmpty();
            assertThat(errors(validator, bucket(Vendor.S3, null, null, "always-fails", Map.of("colour", "blue"))))
                    .containsOnly(entry("processorConfig.colour", "is not a known field"));
            assertThat(errors(validator, bucket(Vendor.S3, null, null, "always-fails", List.of(1))))
                    .containsOnly(entry("processorConfig", "must be a JSON object"));
            assertThat(errors(validator, bucket(Vendor.S3, null, null, "always-fails",
                    Map.of("message", "m".repeat(100_001)))))
                    .containsOnly(entry("processorConfig", "must be at most 100000 characters of JSON"));
            // What the client sent is repeated as it is, never taken for a message template
            assertThat(errors(validator, bucket(Vendor.S3, null, null, "${7*7} {max}", null)))
                    .containsOnly(entry("processor", "unknown processor '${7*7} {max}'; known: [always-fails]"));
        }
    }

    @Test
    void everyVendorButS3NeedsAnEndpointAndKeysAndAnAccessKeyItsSecret() {
        try (ValidatorFactory injecting = injecting()) {
            Validator validator = injecting.getValidator();
            assertThat(errors(validator, bucket(Vendor.S3, null, null, "always-fails", null))).isEmpty();
            assertThat(errors(validator, bucket(Vendor.DATACORE, "http://swarm", "user", "always-fails", null)))
                    .isEmpty();
            assertThat(errors(validator, bucket(Vendor.OBJECT_MATRIX, " ", null, "always-fails", null)))
                    .containsOnly(entry("endpoint", "is required for OBJECT_MATRIX"),
                            entry("accessKey", "is required for OBJECT_MATRIX"));
            assertThat(errors(validator, bucket(Vendor.S3, null, "user", "always-fails", null).withSecretKey("")))
                    .containsOnly(entry("secretKey", "is required with accessKey"));
        }
    }

    @Test
    void eachFieldIsNamedOnceAsMissingFirstAndAlwaysWithTheSameReason() {
        // A bucket named "" breaks @NotBlank and @Pattern: it is named as missing
        Map<String, String> errors = InputValidator.fieldErrors(VALIDATOR.validateProperty(
                new BucketSettings("", Vendor.DATACORE, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null), "name"));
        assertThat(errors).containsOnly(entry("name", "is required"));
        assertThat(InputValidator.fieldErrors(VALIDATOR.validateProperty(
                new BucketSettings("a/b " + "x".repeat(300), null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null), "name")))
                .containsOnly(entry("name", "must be at most 255 characters without '/' or white space"));
    }

    /** A bucket with a secret key for its access key, if any. */
    private static BucketSettings bucket(Vendor vendor, String endpoint, String accessKey, String processor,
                                         Object config) {
        return new BucketSettings("media", vendor, endpoint, null, null, null, accessKey,
                accessKey == null ? null : "secret", null, null, null, null, null, processor,
                config == null ? null : new ObjectMapper().valueToTree(config), null);
    }

    /** A validator factory that makes the validators needing beans as Spring's does, with stand-ins for them. */
    private static ValidatorFactory injecting() {
        ProcessorRegistry processors = new ProcessorRegistry(List.of(new TestProcessors.FailingProcessor()),
                new ObjectMapper(), VALIDATOR);
        DnsResolver publicDns = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                // Addresses as themselves, names as a public address
                return new InetAddress[] {InetAddress.getByName(host.matches("[0-9.]+") ? host : "93.184.215.14")};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        TargetGuard guard = new TargetGuard(new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("notifications.webhooks", WebhookProperties.class), publicDns);
        return Validation.byDefaultProvider().configure().constraintValidatorFactory(new Injecting(processors, guard))
                .buildValidatorFactory();
    }

    private static Map<String, String> errors(Object bean) {
        return errors(VALIDATOR, bean);
    }

    private static Map<String, String> errors(Validator validator, Object bean) {
        return InputValidator.fieldErrors(validator.validate(bean));
    }

    /** As Spring's factory does for these three: a validator made with the bean its constructor takes. */
    private record Injecting(ProcessorRegistry processors, TargetGuard guard) implements ConstraintValidatorFactory {

        @Override
        public <T extends ConstraintValidator<?, ?>> T getInstance(Class<T> key) {
            if (key == KnownProcessor.Validator.class) {
                return key.cast(new KnownProcessor.Validator(processors, new Pipelines(processors, new ObjectMapper())));
            }
            if (key == AdmittedTarget.Validator.class) {
                return key.cast(new AdmittedTarget.Validator(guard));
            }
            if (key == KnownSource.Validator.class) {
                // As the service's item sources name them
                return key.cast(new KnownSource.Validator(() -> new TreeSet<>(Set.of("datacore", "objectmatrix",
                        "s3", "iconik"))));
            }
            return FACTORY.getConstraintValidatorFactory().getInstance(key);
        }

        @Override
        public void releaseInstance(ConstraintValidator<?, ?> instance) {
        }
    }
}
