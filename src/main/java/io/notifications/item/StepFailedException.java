package io.notifications.item;

import io.notifications.processing.NotRetryableException;

/**
 * A step of a pipeline of several failed: the message names the step and says how; the cause is the processor's
 * own failure. The item's error is the message alone.
 */
class StepFailedException extends Exception {

    StepFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The same, for a failure that another attempt cannot cure. */
    static final class NotRetryable extends NotRetryableException {
        NotRetryable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The step is named in the message already. */
    static boolean isStepFailure(Throwable error) {
        return error instanceof StepFailedException || error instanceof NotRetryable;
    }
}
