package io.notifications.system;

/** A configuration property is unusable; startup stops, and the message names the property and why. */
public class InvalidConfigurationException extends RuntimeException {

    private final String property;

    public InvalidConfigurationException(String property, String problem) {
        super(property + ": " + problem);
        this.property = property;
    }

    public String property() {
        return property;
    }
}
