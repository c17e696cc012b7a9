package org.wsusctl.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.Values;
import org.wsusctl.modules.ArgSpec;

/** Coerces one argument value to its {@link ArgSpec}'s type and checks range and shape. */
final class ArgChecks {
    private ArgChecks() { }

    /**
     * The typed value ({@code String}, {@code Long}, {@code Boolean} or {@code List<String>}).
     *
     * @param where "argument \"pool\" of iis.apppool.state", for messages
     */
    static Object coerce(ArgSpec spec, Object value, String where) throws ArgException {
        if (value == null) {
            throw new ArgException(where + ": expected " + expected(spec) + ", found nothing (null)");
        }
        switch (spec.type()) {
            case STRING:
                return checkShape(spec, scalarText(spec, value, where), where);
            case INT:
                return integer(spec, value, where);
            case BOOL:
                if (value instanceof Boolean b) {
                    return b;
                }
                Optional<Boolean> parsed = value instanceof String s ? Values.parseBool(s.strip()) : Optional.empty();
                return parsed.orElseThrow(() -> new ArgException(where + ": expected true or false, found "
                        + describe(value)));
            case STRING_LIST: {
                List<?> items = value instanceof List<?> l ? l : List.of(value);
                List<String> out = new ArrayList<>();
                for (Object item : items) {
                    if (item == null) {
                        throw new ArgException(where + ": expected a list of strings, found an empty item");
                    }
                    out.add(checkShape(spec, scalarText(spec, item, where), where));
                }
                return List.copyOf(out);
            }
            default:
                throw new IllegalStateException("no check for " + spec.type());
        }
    }

    private static String scalarText(ArgSpec spec, Object value, String where) throws ArgException {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Long || value instanceof Integer) {
            return value.toString(); // a pool named 2019 is still a name
        }
        throw new ArgException(where + ": expected " + expected(spec) + ", found " + describe(value));
    }

    private static String checkShape(ArgSpec spec, String s, String where) throws ArgException {
        if (spec.allowed().isPresent() && !spec.allowed().get().matcher(s).matches()) {
            throw new ArgException(where + ": expected " + spec.allowedHint() + ", found " + Values.quote(s));
        }
        return s;
    }

    private static Long integer(ArgSpec spec, Object value, String where) throws ArgException {
        Long v = null;
        if (value instanceof Long l) {
            v = l;
        } else if (value instanceof Integer i) {
            v = i.longValue();
        } else if (value instanceof String s) {
            v = Values.parseLong(s).orElse(null); // "4000000" from a template is a number
        }
        if (v == null || v < spec.min() || v > spec.max()) {
            throw new ArgException(where + ": expected " + expected(spec) + ", found " + describe(value));
        }
        return v;
    }

    static String expected(ArgSpec spec) {
        switch (spec.type()) {
            case INT:
                return "an integer " + spec.min() + "-" + spec.max();
            case BOOL:
                return "true or false";
            case STRING_LIST:
                return "a list of strings";
            default:
                return spec.allowed().isPresent() ? spec.allowedHint() : "a string";
        }
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing (null)";
        }
        if (v instanceof String s) {
            return Values.quote(s);
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        return String.valueOf(v);
    }
}
