package org.wsusctl.sim.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The simulated SoftwareDistribution.log: a few lines of routine activity, the last synchronization's outcome
 * and what WsusService wrote when it failed to start. Derived from the server state, so it tells the same story
 * as the checks.
 */
final class SoftwareDistributionLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private SoftwareDistributionLog() { }

    static List<String> tail(WsusServer s, int lines) {
        List<String> all = new ArrayList<>();
        Instant now = s.now();
        Instant syncEnd = now.minusMillis((long) (s.sync.hoursAgo * 3_600_000));
        all.add(line(syncEnd.minusSeconds(600), "Info", "SyncManager", "SyncThreadProc: starting synchronization"));
        switch (s.sync.lastResult) {
            case "Succeeded":
                all.add(line(syncEnd, "Info", "SyncManager", "Synchronization completed: Succeeded"));
                break;
            case "NeverRun":
                all.clear();
                all.add(line(now.minusSeconds(3600), "Info", "WsusService", "Service started; no synchronization has run"));
                break;
            default:
                all.add(line(syncEnd, "Error", "SyncManager", "Synchronization " + s.sync.lastResult
                        + (s.sync.errorText.isEmpty() ? "" : ": " + s.sync.errorText)));
        }
        for (Map<String, Object> e : s.events) {
            if ("Windows Server Update Services".equals(e.get("provider"))) {
                all.add(line(Instant.parse((String) e.get("timeUtc")), "Error", "WsusService", (String) e.get("text")));
            }
        }
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }

    private static String line(Instant t, String level, String component, String text) {
        return TIME.format(t) + " UTC\t" + level + "\tw3wp.1\t" + component + "\t" + text;
    }
}
