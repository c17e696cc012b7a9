package org.wsusctl.sim.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The client computers a simulated WSUS server knows. Of the {@code stale} ones (no status report for longer
 * than any sane threshold), {@code never_reported} never sent one, {@code stale_dns_missing} no longer resolve,
 * {@code stale_offline} resolve but answer nothing; the rest answer the network but do not report.
 */
final class Clients {
    private static final Set<String> KEYS = Set.of("total", "stale", "stale_offline", "stale_dns_missing",
            "never_reported", "stale_days");

    long total;
    long stale;
    long staleOffline;
    long staleDnsMissing;
    long neverReported;
    /** How long ago (days) the freshest stale client last reported. */
    long staleDays;

    static Clients parse(String path, Map<String, Object> m) {
        Simulate.onlyKeys(path, m, KEYS);
        Clients c = new Clients();
        c.total = Simulate.whole(path + ".total", m.get("total"), 25, 0, 1_000_000);
        c.stale = Simulate.whole(path + ".stale", m.get("stale"), 0, 0, c.total);
        c.staleOffline = Simulate.whole(path + ".stale_offline", m.get("stale_offline"), 0, 0, c.stale);
        c.staleDnsMissing = Simulate.whole(path + ".stale_dns_missing", m.get("stale_dns_missing"), 0, 0, c.stale);
        c.neverReported = Simulate.whole(path + ".never_reported", m.get("never_reported"), 0, 0, c.stale);
        if (c.staleOffline + c.staleDnsMissing + c.neverReported > c.stale) {
            throw new IllegalArgumentException(path + ": stale_offline + stale_dns_missing + never_reported ("
                    + (c.staleOffline + c.staleDnsMissing + c.neverReported) + ") exceed stale (" + c.stale + ")");
        }
        c.staleDays = Simulate.whole(path + ".stale_days", m.get("stale_days"), 45, 1, 3650);
        return c;
    }

    /** The class of the i-th stale client, in the order the check sorts them (oldest report first). */
    String classOf(long i) {
        if (i < neverReported) {
            return "never_reported";
        }
        if (i < neverReported + staleDnsMissing) {
            return "dns_missing";
        }
        if (i < neverReported + staleDnsMissing + staleOffline) {
            return "offline";
        }
        return "reachable_not_reporting";
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", total);
        m.put("stale", stale);
        m.put("stale_offline", staleOffline);
        m.put("stale_dns_missing", staleDnsMissing);
        m.put("never_reported", neverReported);
        m.put("stale_days", staleDays);
        return m;
    }
}
