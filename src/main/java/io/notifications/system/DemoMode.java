package io.notifications.system;

import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Whether this is the demo ({@code demo} profile, application-demo.yaml): its consoles are open and its published
 * keys and credentials work. Outside it those values are refused at startup, since anyone who read the README
 * knows them.
 */
@Component
public class DemoMode {

    public static final String PROFILE = "demo";
    /** The demo's published secrets and credentials, in application-demo.yaml and the README. */
    private static final Set<String> DEMO_VALUES = Set.of("demo-api-key", "demo-iconik-secret", "demo-app-id",
            "demo-auth-token", "f4QxzjGc5o/DCl8ilTtIRefu/GCq3gs2FNpSpMLHiLM=");

    private final boolean active;

    public DemoMode(Environment environment) {
        this.active = environment.acceptsProfiles(Profiles.of(PROFILE));
    }

    public boolean active() {
        return active;
    }

    /** The demo's published values, for checks that compare digests rather than values. */
    public static Set<String> demoValues() {
        return DEMO_VALUES;
    }

    /** Outside the demo, stops startup when {@code property} holds one of the demo's published values. */
    public void refuseDemoValue(String property, String value) {
        if (!active && value != null && DEMO_VALUES.contains(value.strip())) {
            throw demoValueRefused(property, value.strip());
        }
    }

    public static InvalidConfigurationException demoValueRefused(String property, String value) {
        return new InvalidConfigurationException(property, "holds the demo's published value '" + value
                + "', which only the demo profile accepts",
                "Set " + property + " to a value of your own, or run the demo with --spring.profiles.active="
                        + PROFILE + ".");
    }
}
