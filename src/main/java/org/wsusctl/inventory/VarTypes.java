package org.wsusctl.inventory;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wsusctl.config.Values;

/**
 * Conversions of plain inventory values the way Ansible's option types convert them
 * ({@code ansible/config/manager.py ensure_type}, {@code module_utils/parsing/convert_bool.py}) and the
 * way Python prints them ({@code str()}), which is what a template produces.
 */
final class VarTypes {
    private VarTypes() { }

    /** An integer from a number or a decimal string ({@code "5986"}); null otherwise. */
    static Long asLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        if (v instanceof String s && s.strip().matches("[-+]?[0-9]{1,18}")) {
            return Long.parseLong(s.strip().replace("+", ""));
        }
        return null;
    }

    /** Ansible's boolean(): true/yes/on/1/y/t and their negations, case-insensitively; null otherwise. */
    static Boolean asBool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long l && (l == 0 || l == 1)) {
            return l == 1;
        }
        if (v instanceof String s) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "y": case "yes": case "on": case "1": case "true": case "t": case "1.0":
                    return true;
                case "n": case "no": case "off": case "0": case "false": case "f": case "0.0":
                    return false;
                default:
                    return null;
            }
        }
        return null;
    }

    /** Python's str() of a plain value, as Jinja renders it into a template's text. */
    static String pyStr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return pyFloat(d);
        }
        if (v instanceof String || v instanceof Long || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof Unsafe u) {
            return u.text();
        }
        return pyRepr(v);
    }

    private static String pyRepr(Object v) {
        if (v instanceof String s) {
            return s.contains("'") && !s.contains("\"") ? "\"" + s + "\"" : "'" + s.replace("\\", "\\\\")
                    .replace("'", "\\'") + "'";
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(pyRepr(l.get(i)));
            }
            return b.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(i++ == 0 ? "" : ", ").append(pyRepr(e.getKey())).append(": ").append(pyRepr(e.getValue()));
            }
            return b.append('}').toString();
        }
        return pyStr(v);
    }

    static String pyFloat(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return Double.toString(d).replace("E", "e");
    }

    /** How a value is shown in "found ..." messages. */
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
        if (v instanceof Vaulted) {
            return "a vault-encrypted value";
        }
        return String.valueOf(v);
    }

    /** The text of a scalar value, or empty for mappings, lists and null. */
    static Optional<String> text(Object v) {
        if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean
                || v instanceof BigInteger) {
            return Optional.of(pyStr(v));
        }
        if (v instanceof Unsafe u) {
            return Optional.of(u.text());
        }
        return Optional.empty();
    }
}
