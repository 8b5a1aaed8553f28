package io.notifications.system;

/**
 * A configuration property is unusable; startup stops, and the report names the property, why, and what to do.
 */
public class InvalidConfigurationException extends RuntimeException {

    private final String property;
    private final String fix;

    public InvalidConfigurationException(String property, String problem) {
        this(property, problem, "Correct the property " + property
                + " (see the README's Configuration section) and start again.");
    }

    public InvalidConfigurationException(String property, String problem, String fix) {
        super(property + ": " + problem);
        this.property = property;
        this.fix = fix;
    }

    public String property() {
        return property;
    }

    /** What the operator should do, for the failure report's "Action". */
    public String fix() {
        return fix;
    }
}
