package org.wsusctl.sim.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builders for the JSON objects the real scripts print ({@code wsusctl.check/1}, {@code wsusctl.fix/1}). */
final class Results {
    private Results() { }

    /** A check result; pass null for keys the real script does not print in that branch. */
    static Map<String, Object> check(String check, String status, String severity, Map<String, Object> observed,
            Map<String, Object> expected, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "wsusctl.check/1");
        m.put("check", check);
        m.put("status", status);
        if (severity != null) {
            m.put("severity", severity);
        }
        if (observed != null) {
            m.put("observed", observed);
        }
        if (expected != null) {
            m.put("expected", expected);
        }
        m.put("message", message);
        return m;
    }

    static Map<String, Object> fix(String check, String action, Map<String, Object> before, Map<String, Object> after,
            String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "wsusctl.fix/1");
        m.put("check", check);
        m.put("action", action);
        m.put("before", before);
        m.put("after", after);
        m.put("message", message);
        return m;
    }

    /** A mutable ordered map from alternating keys and values (values may be null, unlike Map.of). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A number as ConvertTo-Json prints a double: whole values without a fraction. */
    static Object num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }

    /** A number as PowerShell's string conversion writes it ("2", "2.5"). */
    static String text(double d) {
        return String.valueOf(num(d));
    }
}
