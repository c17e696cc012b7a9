package org.wsusctl.sim.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.wsusctl.contract.Names;

/**
 * Reads typed values out of a {@code simulate:} mapping (or a saved state, which has the same shape) and
 * rejects bad ones with an {@link IllegalArgumentException} that names the key path, what was expected and
 * what was found.
 */
final class Simulate {
    /** What IIS and the service control manager accept as names (as the scripts' Assert-SafeName). */
    static final Pattern SAFE_NAME = Names.SAFE_NAME;
    /** {@code DOMAIN\name}, as the sql scripts' Assert-Account. */
    static final Pattern ACCOUNT = Names.ACCOUNT;

    private Simulate() { }

    static IllegalArgumentException bad(String path, String expected, Object found) {
        return new IllegalArgumentException(path + ": expected " + expected + ", found '" + found + "'");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(String path, Object v) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw bad(path, "a mapping", v);
        }
        for (Object k : ((Map<?, ?>) v).keySet()) {
            if (!(k instanceof String)) {
                throw bad(path, "string keys", k);
            }
        }
        return (Map<String, Object>) v;
    }

    /** Rejects keys outside {@code allowed}, so a typo does not silently fall back to a healthy default. */
    static void onlyKeys(String path, Map<String, Object> m, Set<String> allowed) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(path + "." + k + ": unknown key (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    static String oneOf(String path, Object v, String def, String... choices) {
        if (v == null) {
            return def;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(String.valueOf(v))) {
                return c;
            }
        }
        throw bad(path, choices.length == 2 ? choices[0] + " or " + choices[1] : "one of " + String.join(", ", choices), v);
    }

    static long whole(String path, Object v, long def, long min, long max) {
        if (v == null) {
            return def;
        }
        long n;
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            n = ((Number) v).longValue();
        } else if (v instanceof String s && s.matches("-?[0-9]{1,18}")) {
            n = Long.parseLong(s);
        } else {
            throw bad(path, "a whole number", v);
        }
        if (n < min || n > max) {
            throw bad(path, "a whole number from " + min + " to " + max, v);
        }
        return n;
    }

    static double number(String path, Object v, double def, double min, double max) {
        if (v == null) {
            return def;
        }
        double n;
        if (v instanceof Number num) {
            n = num.doubleValue();
        } else if (v instanceof String s && s.matches("-?[0-9]{1,12}(\\.[0-9]{1,6})?")) {
            n = Double.parseDouble(s);
        } else {
            throw bad(path, "a number", v);
        }
        if (n < min || n > max) {
            throw bad(path, "a number from " + min + " to " + max, v);
        }
        return n;
    }

    static boolean bool(String path, Object v, boolean def) {
        if (v == null) {
            return def;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = String.valueOf(v).toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw bad(path, "true or false", v);
    }

    static String matching(String path, Object v, String def, Pattern p, String hint) {
        if (v == null) {
            return def;
        }
        if (!(v instanceof String s) || !p.matcher(s).matches()) {
            throw bad(path, hint, v);
        }
        return s;
    }

    static List<String> accounts(String path, Object v, List<String> def) {
        if (v == null) {
            return def;
        }
        if (!(v instanceof List<?> l)) {
            throw bad(path, "a list of DOMAIN\\name accounts", v);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(matching(path + "[" + i + "]", l.get(i), null, ACCOUNT, "a DOMAIN\\name account"));
        }
        return out;
    }
}
