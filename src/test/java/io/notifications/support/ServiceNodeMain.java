package io.notifications.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** A node in a JVM of its own, for tests that kill it: {@code --key=value} arguments are its properties. */
public final class ServiceNodeMain {

    private ServiceNodeMain() {
    }

    public static void main(String[] args) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            properties.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        ServiceNode.start(properties);
    }
}
