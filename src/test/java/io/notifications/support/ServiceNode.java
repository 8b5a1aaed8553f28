package io.notifications.support;

import io.notifications.NotificationsApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole service as a separate application context, for tests that need a restart or a database of
 * their own. Uses the test profile and the packaged configuration, like {@link ServiceTest}.
 */
public final class ServiceNode {

    private ServiceNode() {
    }

    public static ConfigurableApplicationContext start(Map<String, Object> properties, Class<?>... extraSources) {
        return new SpringApplicationBuilder(NotificationsApplication.class, TestProcessors.class)
                .sources(extraSources)
                .profiles("test")
                .run(arguments(properties));
    }

    /**
     * The packaged configuration as {@code java -jar} runs it with {@code profile}: neither the test profile nor
     * the test processors, only the given properties on top.
     */
    public static ConfigurableApplicationContext startPackaged(String profile, Map<String, Object> properties) {
        return new SpringApplicationBuilder(NotificationsApplication.class).profiles(profile)
                .run(arguments(properties));
    }

    /** As command-line arguments, so they outrank the profiles' files; on a free port, packaged files only. */
    private static String[] arguments(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("spring.config.location", "classpath:/");
        all.put("server.port", "0");
        all.putAll(properties);
        return all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
