package io.notifications.iconik;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.Pipelines;
import io.notifications.processing.ProcessorRegistry;
import io.notifications.system.DemoMode;
import io.notifications.system.InvalidConfigurationException;
import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Checks iconik's settings as the service starts, before any route runs, so that a typo stops startup with the
 * property's name rather than failing every event later: URLs, credentials, and each rule's events, processor and
 * config or pipeline (each step's processor, config, name and condition, e.g. {@code
 * iconik.rules[0].pipeline[1].config.gallery}). iconik stays off until its API and credentials are set; an intake or rule configured without them, or the
 * demo's published credentials outside the demo, stop startup.
 */
@Component
class IconikSettingsCheck implements InitializingBean {

    /** {@code object_type.realm.operation}, each part a name or {@code *}. */
    private static final Pattern EVENT = Pattern.compile("[a-z_*]+(\\.[a-z_*]+){0,2}");

    private final IconikProperties properties;
    private final ProcessorRegistry processors;
    private final Pipelines pipelines;
    private final ObjectMapper objectMapper;
    private final IconikEndpoints endpoints;
    private final DemoMode demo;

    IconikSettingsCheck(IconikProperties properties, ProcessorRegistry processors, Pipelines pipelines,
                        ObjectMapper objectMapper, IconikEndpoints endpoints, DemoMode demo) {
        this.properties = properties;
        this.processors = processors;
        this.pipelines = pipelines;
        this.objectMapper = objectMapper;
        this.endpoints = endpoints;
        this.demo = demo;
    }

    @Override
    public void afterPropertiesSet() {
        demo.refuseDemoValue("iconik.app-id", properties.appId());
        demo.refuseDemoValue("iconik.auth-token", properties.authToken());
        demo.refuseDemoValue("iconik.webhook-secret", properties.webhookSecret());
        if (properties.baseUrl() != null) {
            checkUrl("iconik.base-url", properties.baseUrl());
        }
        checkConnectedWhereUsed();
        if (properties.sqs().endpoint() != null) {
            checkUrl("iconik.sqs.endpoint", properties.sqs().endpoint());
        }
        String queue = properties.queue();
        if (queue != null && queue.contains("/")) {
            checkUrl("iconik.queue", URI.create(queue.strip()));
        }
        for (int i = 0; i < properties.rules().size(); i++) {
            IconikRule rule = properties.rules().get(i);
            String prefix = "iconik.rules[" + i + "].";
            if (rule.name() == null || rule.name().isBlank()) {
                throw new InvalidConfigurationException(prefix + "name", "is required");
            }
            if (rule.events().isEmpty() && rule.actions().isEmpty()) {
                throw new InvalidConfigurationException(prefix + "events", "names no event (and the rule no action)");
            }
            for (int e = 0; e < rule.events().size(); e++) {
                if (!EVENT.matcher(rule.events().get(e)).matches()) {
                    throw new InvalidConfigurationException(prefix + "events[" + e + "]", "'" + rule.events().get(e)
                            + "' is not object_type.realm.operation, e.g. assets.*.create");
                }
            }
            if (rule.hasPipeline()) {
                checkPipeline(rule, prefix);
                continue;
            }
            try {
                processors.get(rule.processor());
                processors.bindConfig(rule.processor(), rule.processorConfig() == null ? null
                        : objectMapper.valueToTree(rule.processorConfig()).toString());
            } catch (InvalidProcessorConfigException e) {
                throw new InvalidConfigurationException(prefix + (e.field().equals("processor") ? "processor"
                        : e.field().replace("processorConfig", "processor-config")), e.getMessage());
            }
        }
    }

    /** A pipeline is checked as the API checks a bucket's, naming the step and field, e.g. {@code pipeline[1].when}. */
    private void checkPipeline(IconikRule rule, String prefix) {
        if (rule.processor() != null || (rule.processorConfig() != null && !rule.processorConfig().isEmpty())) {
            throw new InvalidConfigurationException(prefix + "pipeline",
                    "give either a pipeline or a processor with its processor-config, not both");
        }
        try {
            pipelines.read(objectMapper.valueToTree(rule.toPipeline(objectMapper).steps()), prefix + "pipeline");
        } catch (InvalidProcessorConfigException e) {
            throw new InvalidConfigurationException(e.field(), e.getMessage());
        }
    }

    /** Each use of iconik (a queue, the HTTP intake, rules) needs its API and credentials. */
    private void checkConnectedWhereUsed() {
        String use = endpoints.queue() != null ? "iconik.queue"
                : notBlank(properties.webhookSecret()) ? "iconik.webhook-secret"
                : !properties.rules().isEmpty() ? "iconik.rules" : null;
        if (use == null || endpoints.connected(properties)) {
            return;
        }
        String missing = endpoints.api() == null ? "iconik.base-url"
                : !notBlank(properties.appId()) ? "iconik.app-id" : "iconik.auth-token";
        throw new InvalidConfigurationException(missing, "is not set, but " + use + " is: iconik's intakes and rules "
                + "need its API and credentials", "Set iconik.base-url, iconik.app-id and iconik.auth-token (see the "
                + "README's iconik section), or remove " + use + " to leave iconik off.");
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static void checkUrl(String property, URI url) {
        String scheme = url == null ? null : url.getScheme();
        boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        if (url == null || url.getHost() == null || !http) {
            throw new InvalidConfigurationException(property, "'" + url + "' is not an absolute http or https URL");
        }
    }
}
