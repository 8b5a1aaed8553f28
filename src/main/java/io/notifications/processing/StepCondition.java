package io.notifications.processing;

import java.util.Map;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * A step's {@code when}: a Spring expression (SpEL) over what the earlier steps found, such as
 * {@code mediaType matches 'image|video'}, {@code {'image','video'}.contains(mediaType)} or
 * {@code durationSeconds > 60}. Each top-level field of an earlier result is a name (a later step's wins), and
 * {@code steps['media-info']} is one step's whole result; a name no step reported is null.
 * <p>
 * Evaluated in SpEL's {@link SimpleEvaluationContext}: it reads the results and calls methods on them, and can
 * reach no type, constructor, bean or assignment, so a condition written by an API client runs nothing else.
 */
public final class StepCondition {

    /** Longer than any sensible condition, short enough that no one hides a program in one. */
    public static final int MAX_LENGTH = 1000;

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private final String text;
    private final Expression expression;

    private StepCondition(String text, Expression expression) {
        this.text = text;
        this.expression = expression;
    }

    /** The condition, or why it cannot be one: the message of the exception. */
    public static StepCondition parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        try {
            return new StepCondition(text, PARSER.parseExpression(text));
        } catch (ParseException e) {
            throw new IllegalArgumentException("is not a valid condition (" + e.getSimpleMessage()
                    + "); write it in Spring's expression language, e.g. {'image','video'}.contains(mediaType)");
        }
    }

    /**
     * Whether the step runs, given the names the earlier steps reported.
     *
     * @throws IllegalArgumentException when the condition cannot be evaluated on them or is not true or false
     */
    public boolean test(Map<String, Object> names) {
        EvaluationContext context = SimpleEvaluationContext.forPropertyAccessors(new AbsentIsNull())
                .withInstanceMethods()
                .withRootObject(names)
                .build();
        Object value;
        try {
            value = expression.getValue(context);
        } catch (EvaluationException e) {
            throw new IllegalArgumentException("condition '" + text + "' could not be evaluated: "
                    + e.getSimpleMessage());
        }
        if (value instanceof Boolean yes) {
            return yes;
        }
        throw new IllegalArgumentException("condition '" + text + "' must be true or false, not " + value);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Reads map entries by name; a name that is not there reads as null rather than failing. */
    private static final class AbsentIsNull implements PropertyAccessor {

        @Override
        public Class<?>[] getSpecificTargetClasses() {
            return new Class<?>[] {Map.class};
        }

        @Override
        public boolean canRead(EvaluationContext context, Object target, String name) {
            return target instanceof Map;
        }

        @Override
        public TypedValue read(EvaluationContext context, Object target, String name) throws AccessException {
            return new TypedValue(((Map<?, ?>) target).get(name));
        }

        @Override
        public boolean canWrite(EvaluationContext context, Object target, String name) {
            return false;
        }

        @Override
        public void write(EvaluationContext context, Object target, String name, Object newValue)
                throws AccessException {
            throw new AccessException("conditions only read");
        }
    }
}
