package org.wsusctl.contract;

import java.util.List;
import java.util.Map;

/**
 * The facts of one section (or of one object of a list fact), read through declared {@link Field}s only: a module
 * cannot read a name the section does not declare. Values arrive as JSON decoded them; PowerShell's habit of
 * collapsing a one-element array into a scalar is undone here.
 */
public final class Facts {
    private final Shape shape;
    private final Map<String, Object> values;

    private Facts(Shape shape, Map<String, Object> values) {
        this.shape = shape;
        this.values = values;
    }

    /**
     * @throws MalformedFactsException when {@code values} does not conform to {@code shape}
     */
    public static Facts of(Shape shape, Map<String, Object> values) throws MalformedFactsException {
        List<String> problems = shape.problems(values);
        if (!problems.isEmpty()) {
            throw new MalformedFactsException(problems);
        }
        return new Facts(shape, values);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Field<T> f) {
        if (!shape.declares(f)) {
            throw new IllegalArgumentException("fact " + f + " is not declared by this section");
        }
        Object v = values.get(f.name());
        if (v == null) {
            return null;
        }
        return (T) switch (f.type()) {
            case STRING -> v.toString();
            case INT -> ((Number) v).longValue();
            case DOUBLE -> ((Number) v).doubleValue();
            case BOOL -> (Boolean) v;
            case STRING_LIST -> asList(v).stream().map(String::valueOf).toList();
            case OBJECT_LIST -> asList(v).stream().map(o -> new Facts(f.items(), castMap(o))).toList();
        };
    }

    /** The raw values, as gathered (for reports). */
    public Map<String, Object> values() {
        return values;
    }

    static boolean conforms(Field<?> f, Object v) {
        return switch (f.type()) {
            case STRING -> v instanceof String;
            case INT -> v instanceof Integer || v instanceof Long || v instanceof Short
                    || v instanceof java.math.BigInteger;
            case DOUBLE -> v instanceof Number;
            case BOOL -> v instanceof Boolean;
            case STRING_LIST -> asList(v).stream().allMatch(x -> x instanceof String);
            case OBJECT_LIST -> asList(v).stream().allMatch(x -> x instanceof Map);
        };
    }

    /** A JSON array as a list; a lone value as a one-element list (ConvertTo-Json's single-item arrays). */
    static List<?> asList(Object v) {
        return v instanceof List<?> l ? l : List.of(v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
