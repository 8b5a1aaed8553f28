package io.notifications.system;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/** Says what was wrong with a JSON field in words a client understands, without Java class names. */
public final class JsonProblems {

    private JsonProblems() {
    }

    /** The field's path, e.g. {@code include[1]} or {@code sha256}; empty for the document itself. */
    public static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    public static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Class<?> type = mismatch.getTargetType();
            if (type.isEnum()) {
                return "must be one of " + Arrays.toString(type.getEnumConstants());
            }
            if (type == Boolean.class || type == boolean.class) {
                return "must be true or false";
            }
            if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
                return "must be a number";
            }
            if (type == String.class) {
                return "must be a string";
            }
            if (Collection.class.isAssignableFrom(type) || type.isArray()) {
                return "must be an array";
            }
            return "must be a JSON object";
        }
        return "has the wrong type or value";
    }
}
