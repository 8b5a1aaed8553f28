package io.notifications.processing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.Expression;
import org.springframework.expression.MethodExecutor;
import org.springframework.expression.MethodResolver;
import org.springframework.expression.ParseException;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.SpelMessage;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.DataBindingMethodResolver;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/**
 * A step's {@code when}: a Spring expression (SpEL) over what the earlier steps found, such as
 * {@code mediaType matches 'image|video'}, {@code {'image','video'}.contains(mediaType)} or
 * {@code durationSeconds > 60}. Each top-level field of an earlier result is a name (a later step's wins), and
 * {@code steps['media-info']} is one step's whole result; a name no step reported is null, and so is what is
 * reached through it: a condition that meets a null on its way is false.
 * <p>
 * Evaluated in SpEL's {@link SimpleEvaluationContext}: it reads the results, and calls only the few methods in
 * {@link #METHODS} (no {@code String.repeat} or regular expressions beyond SpEL's guarded {@code matches}); it
 * reaches no type, constructor, bean or assignment, so a condition written by an API client runs nothing else.
 */
public final class StepCondition {

    /** Longer than any sensible condition, short enough that no one hides a program in one. */
    public static final int MAX_LENGTH = 1000;

    private static final SpelExpressionParser PARSER = new SpelExpressionParser();
    /** The methods a condition may call: questions about strings, lists and maps that cost little. */
    static final Set<String> METHODS = Set.of("contains", "containsKey", "startsWith", "endsWith", "isEmpty",
            "size", "length", "toLowerCase", "toUpperCase", "equals", "equalsIgnoreCase");
    /** Errors that mean the condition met a null (a value some earlier step did not report): it is false. */
    private static final Set<SpelMessage> MET_A_NULL = Set.of(SpelMessage.CANNOT_INDEX_INTO_NULL_VALUE,
            SpelMessage.PROPERTY_OR_FIELD_NOT_READABLE_ON_NULL, SpelMessage.METHOD_CALL_ON_NULL_OBJECT_NOT_ALLOWED,
            SpelMessage.INVALID_FIRST_OPERAND_FOR_MATCHES_OPERATOR);

    private final String text;
    private final Expression expression;

    private StepCondition(String text, Expression expression) {
        this.text = text;
        this.expression = expression;
    }

    /**
     * The condition, or why it cannot be one: the message of the exception. It is tried on results with no
     * fields, so that what could never run (a type, a constructor, a method not allowed, an answer that is not
     * true or false) is refused now rather than failing every item later.
     */
    public static StepCondition parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("must be at most " + MAX_LENGTH + " characters");
        }
        SpelExpression expression;
        try {
            expression = PARSER.parseRaw(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException("is not a valid condition (" + e.getSimpleMessage()
                    + "); write it in Spring's expression language, e.g. {'image','video'}.contains(mediaType)");
        }
        refuseWhatCannotRun(expression.getAST());
        StepCondition condition = new StepCondition(text, expression);
        condition.test(Map.of("steps", Map.of()));
        return condition;
    }

    /** Methods not allowed, types, constructors, beans and assignments, wherever they are in the condition. */
    private static void refuseWhatCannotRun(SpelNode node) {
        if (node instanceof MethodReference method && !METHODS.contains(method.getName())) {
            throw new IllegalArgumentException("may not call " + method.getName() + "(); a condition may call "
                    + new java.util.TreeSet<>(METHODS));
        }
        if (node instanceof TypeReference || node instanceof ConstructorReference || node instanceof BeanReference
                || node instanceof Assign || node instanceof FunctionReference) {
            throw new IllegalArgumentException("may only read the earlier results, not '" + node.toStringAST()
                    + "'");
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            refuseWhatCannotRun(node.getChild(i));
        }
    }

    /**
     * Whether the step runs, given the names the earlier steps reported.
     *
     * @throws IllegalArgumentException when the condition cannot be evaluated on them or is not true or false
     */
    public boolean test(Map<String, Object> names) {
        EvaluationContext context = SimpleEvaluationContext.forPropertyAccessors(new AbsentIsNull())
                .withMethodResolvers(new AllowedMethods())
                .withRootObject(names)
                .build();
        Object value;
        try {
            value = expression.getValue(context);
        } catch (SpelEvaluationException e) {
            if (MET_A_NULL.contains(e.getMessageCode())) {
                return false;
            }
            throw new IllegalArgumentException("condition '" + text + "' could not be evaluated: "
                    + e.getSimpleMessage());
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

    /** Resolves instance methods as SpEL's simple context does, only those in {@link #METHODS}. */
    private static final class AllowedMethods implements MethodResolver {

        private final MethodResolver instanceMethods = DataBindingMethodResolver.forInstanceMethodInvocation();

        @Override
        public MethodExecutor resolve(EvaluationContext context, Object target, String name,
                                      List<TypeDescriptor> argumentTypes) throws AccessException {
            return METHODS.contains(name) ? instanceMethods.resolve(context, target, name, argumentTypes) : null;
        }
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
