package io.notifications.faces.rekognition;

import software.amazon.awssdk.services.rekognition.model.RekognitionException;

/** A Rekognition call failed; the message names the operation, Rekognition's error code and its reason. */
public class RekognitionCallException extends RuntimeException {

    public RekognitionCallException(String operation, RekognitionException cause) {
        super("Amazon Rekognition " + operation + " failed: " + cause.awsErrorDetails().errorCode() + ": "
                + cause.awsErrorDetails().errorMessage() + " (HTTP " + cause.statusCode() + ")", cause);
    }
}
