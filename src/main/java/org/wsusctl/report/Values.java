package org.wsusctl.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Renders and compares check values (the JSON-shaped maps scripts return) the same way in every report. */
final class Values {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Field names whose values are never written anywhere: checks should not return them, but if one does. */
    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(password|passwd|secret|token|credential|api_?key|private_?key).*");
    static final String REDACTED = "***";

    private Values() {
    }

    /** Compact text: strings as they are, {@code null} as {@code null}, lists and maps as JSON. */
    static String text(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return String.valueOf(v);
        }
    }

    /**
     * Equal as JSON values: numbers compare by value whatever their Java type, and a number or boolean
     * equals its JSON text ({@code 1 = 1.0 = "1"}, {@code true = "true"}), since scripts print some values
     * as strings. Defined through {@link #key} so that it is an equivalence (transitive) and agrees with
     * {@link Change#hashCode}.
     */
    static boolean same(Object a, Object b) {
        return a == b || key(a).equals(key(b));
    }

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /**
     * The canonical text of a value: what {@link #same} compares and {@link Change#hashCode} hashes. Numbers
     * (and strings that are JSON numbers) as plain decimals without trailing zeros, {@code "true"}/{@code "false"}
     * as booleans, other strings quoted (so the string {@code "null"} is not {@code null}), maps with sorted keys.
     */
    static String key(Object v) {
        StringBuilder sb = new StringBuilder();
        key(v, sb);
        return sb.toString();
    }

    private static void key(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Number n) {
            sb.append(number(n.toString()));
        } else if (v instanceof String s) {
            if (JSON_NUMBER.matcher(s).matches()) {
                sb.append(number(s));
            } else if (s.equals("true") || s.equals("false")) {
                sb.append(s);
            } else {
                sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        } else if (v instanceof Map<?, ?> m) {
            java.util.TreeMap<String, Object> sorted = new java.util.TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
            sb.append('{');
            sorted.forEach((k, x) -> {
                key(k, sb);
                sb.append(':');
                key(x, sb);
                sb.append(',');
            });
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (Object x : l) {
                key(x, sb);
                sb.append(',');
            }
            sb.append(']');
        } else {
            key(text(v), sb);
        }
    }

    /** A number's canonical text; NaN and the infinities (not JSON) as Java prints them. */
    private static String number(String text) {
        try {
            BigDecimal d = new BigDecimal(text).stripTrailingZeros();
            // toString, not toPlainString: "1e999999999" from a host must not become a billion digits
            return d.signum() == 0 ? "0" : d.toString();
        } catch (NumberFormatException e) {
            return text;
        }
    }

    /** A copy with the values of secret-looking keys replaced, at any depth. */
    static Map<String, Object> redact(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            out.put(e.getKey(), SECRET_KEY.matcher(e.getKey()).matches() && e.getValue() != null ? REDACTED
                    : redactValue(e.getValue()));
        }
        return out;
    }

    /** The value to show for field {@code key}: redacted if the key looks secret, nested secrets too. */
    static Object redactField(String key, Object value) {
        return key != null && SECRET_KEY.matcher(key).matches() && value != null ? REDACTED : redactValue(value);
    }

    @SuppressWarnings("unchecked")
    private static Object redactValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return redact((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Values::redactValue).toList();
        }
        return v;
    }

    /**
     * Text for a terminal line: control characters (ESC, CSI, BEL, NUL, CR, LF...), bidi overrides and
     * zero-width characters become U+FFFD ({@link org.wsusctl.config.TerminalText}).
     */
    static String printable(String s) {
        return org.wsusctl.config.TerminalText.printable(s);
    }

    /** Text safe for XML 1.0: characters it cannot hold (most C0 controls) become U+FFFD. */
    static String xmlSafe(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))
                    || (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
            if (!ok && sb == null) {
                sb = new StringBuilder(s.substring(0, i));
            }
            if (sb != null) {
                sb.append(ok ? c : '\uFFFD');
            }
        }
        return sb == null ? s : sb.toString();
    }
}
