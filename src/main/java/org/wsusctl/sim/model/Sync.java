package org.wsusctl.sim.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The last synchronization of a simulated WSUS server, as GetLastSynchronizationInfo() reports it. */
final class Sync {
    private static final Set<String> KEYS = Set.of("last_result", "hours_ago", "error_text", "running");
    static final String HTTP_503 = "WebException: The request failed with HTTP status 503: Service Unavailable.";

    String lastResult;
    double hoursAgo;
    String errorText;
    boolean running;

    static Sync parse(String path, Map<String, Object> m) {
        Simulate.onlyKeys(path, m, KEYS);
        Sync s = new Sync();
        s.lastResult = Simulate.oneOf(path + ".last_result", m.get("last_result"), "Succeeded",
                "Succeeded", "Failed", "Canceled", "NeverRun", "Unknown");
        s.hoursAgo = Simulate.number(path + ".hours_ago", m.get("hours_ago"), 2, 0, 1_000_000);
        Object text = m.get("error_text");
        if (text != null && !(text instanceof String)) {
            throw Simulate.bad(path + ".error_text", "text", text);
        }
        s.errorText = text != null ? (String) text : ("Failed".equals(s.lastResult) ? HTTP_503 : "");
        s.running = Simulate.bool(path + ".running", m.get("running"), false);
        return s;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("last_result", lastResult);
        m.put("hours_ago", hoursAgo);
        m.put("error_text", errorText);
        m.put("running", running);
        return m;
    }
}
