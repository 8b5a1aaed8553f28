package io.notifications.processing;

/** The processor name or its configuration is not acceptable; the message says which field and why. */
public class InvalidProcessorConfigException extends RuntimeException {

    private final String field;

    public InvalidProcessorConfigException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field: {@code processor}, {@code processorConfig} or {@code processorConfig.<path>}. */
    public String field() {
        return field;
    }
}
