package io.notifications.system;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Checks what a client sent (a body, or the query parameters of a call) against its Bean Validation constraints,
 * and turns the violations into the API's field errors: the one place that does. A bad field is named by its JSON
 * path ({@code name}, {@code include[1]}, {@code processorConfig.sha256}) with one reason.
 */
@Component
public class InputValidator {

    private static final Set<Class<?>> MISSING = Set.of(NotNull.class, NotBlank.class, NotEmpty.class);

    private final Validator validator;

    public InputValidator(Validator validator) {
        this.validator = validator;
    }

    /** Throws {@link InvalidInputException} naming every bad field of all the inputs, if there is one. */
    public void check(Object... inputs) {
        Map<String, String> errors = new TreeMap<>();
        for (Object input : inputs) {
            errors.putAll(fieldErrors(validator.validate(input)));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /**
     * Each field with the reason it was refused. A field that breaks several constraints is named once: as missing
     * when it is, otherwise with the first reason in alphabetical order, so that the answer is always the same.
     */
    public static Map<String, String> fieldErrors(Collection<? extends ConstraintViolation<?>> violations) {
        Comparator<ConstraintViolation<?>> missingFirst = Comparator.comparing(
                v -> !MISSING.contains(v.getConstraintDescriptor().getAnnotation().annotationType()));
        return violations.stream()
                .sorted(missingFirst.thenComparing(ConstraintViolation::getMessage))
                .collect(Collectors.toMap(v -> field(v.getPropertyPath()), ConstraintViolation::getMessage,
                        (first, later) -> first, TreeMap::new));
    }

    /**
     * The path as the client wrote it: {@code include[1]} for an element of a list (Bean Validation's
     * {@code include[1].<list element>}), and the body itself as {@code body}.
     */
    public static String field(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
