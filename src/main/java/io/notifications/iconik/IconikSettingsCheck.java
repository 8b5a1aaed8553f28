package io.notifications.iconik;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.ProcessorRegistry;
import io.notifications.system.InvalidConfigurationException;
import java.net.URI;
import java.util.regex.Pattern;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Checks iconik's settings as the service starts, before any route runs, so that a typo stops startup with the
 * property's name rather than failing every event later: URLs, and each rule's events, processor and config.
 */
@Component
class IconikSettingsCheck implements InitializingBean {

    /** {@code object_type.realm.operation}, each part a name or {@code *}. */
    private static final Pattern EVENT = Pattern.compile("[a-z_*]+(\\.[a-z_*]+){0,2}");

    private final IconikProperties properties;
    private final ProcessorRegistry processors;
    private final ObjectMapper objectMapper;

    IconikSettingsCheck(IconikProperties properties, ProcessorRegistry processors, ObjectMapper objectMapper) {
        this.properties = properties;
        this.processors = processors;
        this.objectMapper = objectMapper;
    }

    @Override
    public void afterPropertiesSet() {
        checkUrl("iconik.base-url", properties.baseUrl());
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

    private static void checkUrl(String property, URI url) {
        String scheme = url == null ? null : url.getScheme();
        boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
        if (url == null || url.getHost() == null || !http) {
            throw new InvalidConfigurationException(property, "'" + url + "' is not an absolute http or https URL");
        }
    }
}
