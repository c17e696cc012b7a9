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

    /** Equal as JSON values: numbers compare by value, whatever their Java type. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(b) || text(a).equals(text(b));
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

    /** Text for a terminal line: C0 and C1 control characters and DEL (ESC, CSI, BEL, NUL, CR, LF...) become U+FFFD. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = !Character.isISOControl(c);
            if (!ok && sb == null) {
                sb = new StringBuilder(s.substring(0, i));
            }
            if (sb != null) {
                sb.append(ok ? c : '\uFFFD');
            }
        }
        return sb == null ? s : sb.toString();
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
