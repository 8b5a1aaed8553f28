package io.notifications.bucket;

import io.notifications.system.InvalidInputException;
import java.util.Map;

/** A message that is not an S3 event notification; it can never succeed, however often it is tried. */
public class MalformedS3EventException extends InvalidInputException {

    public MalformedS3EventException(String field, String problem) {
        super(Map.of(field, problem));
    }

    @Override
    public String getMessage() {
        return "not an S3 event notification: " + fieldErrors().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).findFirst().orElse("");
    }
}
