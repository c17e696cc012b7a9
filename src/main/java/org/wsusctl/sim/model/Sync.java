package org.wsusctl.sim.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The last synchronization of a simulated WSUS server, as GetLastSynchronizationInfo() reports it; what a
 * synchronization started now ends with ({@code next_result}, after {@code duration_s}); and whether Configuration
 * Manager owns this server's synchronizations ({@code configmgr}: a software update point, whose registry carries
 * ConfigMgr's WSUS Control Manager keys).
 */
final class Sync {
    private static final Set<String> KEYS = Set.of("last_result", "hours_ago", "error_text", "running", "configmgr",
            "next_result", "next_error_text", "duration_s");
    /** What a synchronization that cannot reach Microsoft Update says (the upstream answers nothing). */
    static final String UPSTREAM_UNREACHABLE = "WebException: Unable to connect to the remote server";
    static final String HTTP_503 = "WebException: The request failed with HTTP status 503: Service Unavailable.";

    String lastResult;
    double hoursAgo;
    String errorText;
    boolean running;
    boolean configMgr;
    String nextResult;
    String nextErrorText;
    long durationS;

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
        s.configMgr = Simulate.bool(path + ".configmgr", m.get("configmgr"), false);
        s.nextResult = Simulate.oneOf(path + ".next_result", m.get("next_result"), "Succeeded",
                "Succeeded", "Failed", "Canceled");
        Object next = m.get("next_error_text");
        if (next != null && !(next instanceof String)) {
            throw Simulate.bad(path + ".next_error_text", "text", next);
        }
        s.nextErrorText = next != null ? (String) next : ("Failed".equals(s.nextResult) ? UPSTREAM_UNREACHABLE : "");
        s.durationS = Simulate.whole(path + ".duration_s", m.get("duration_s"), 60, 0, 864_000);
        return s;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("last_result", lastResult);
        m.put("hours_ago", hoursAgo);
        m.put("error_text", errorText);
        m.put("running", running);
        m.put("configmgr", configMgr);
        m.put("next_result", nextResult);
        m.put("next_error_text", nextErrorText);
        m.put("duration_s", durationS);
        return m;
    }
}
