package io.notifications.system;

import jakarta.validation.ConstraintValidatorContext;

/**
 * Reports a constraint violation whose reason is made at validation time (it may name what the client sent), in
 * place of the constraint's own message. The reason is taken literally: never interpolated as a message template.
 */
public final class Violations {

    private Violations() {
    }

    /** The validated value is refused for {@code reason}. Returns false, for {@code isValid} to return. */
    public static boolean reject(ConstraintValidatorContext context, String reason) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(literal(reason)).addConstraintViolation();
        return false;
    }

    /** The field of the validated object is refused for {@code reason}. Returns false. */
    public static boolean reject(ConstraintValidatorContext context, String field, String reason) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(literal(reason)).addPropertyNode(field).addConstraintViolation();
        return false;
    }

    /** The reason as a message template that interpolates to itself: '{', '}', '$' and '\' escaped. */
    static String literal(String reason) {
        return reason.replaceAll("([\\\\{}$])", "\\\\$1");
    }
}
