package org.wsusctl.engine;

import java.util.List;

/** Host counts by status (report contract, with {@code notStarted} added). */
public record Summary(int hosts, int compliant, int drifted, int fixed, int failed, int unreachable, int notStarted) {

    /** Counts without hosts that were not started (what design.md's summary had). */
    public Summary(int hosts, int compliant, int drifted, int fixed, int failed, int unreachable) {
        this(hosts, compliant, drifted, fixed, failed, unreachable, 0);
    }

    public static Summary of(List<HostResult> hosts) {
        int c = 0, d = 0, x = 0, f = 0, u = 0, n = 0;
        for (HostResult h : hosts) {
            switch (h.status()) {
                case COMPLIANT -> c++;
                case DRIFTED -> d++;
                case FIXED -> x++;
                case FAILED -> f++;
                case UNREACHABLE -> u++;
                case NOT_STARTED -> n++;
            }
        }
        return new Summary(hosts.size(), c, d, x, f, u, n);
    }

    /**
     * {@code hosts=120 compliant=97 drifted=18 fixed=0 failed=2 unreachable=3}, and {@code not_started=N} at
     * the end when some host was not started (the line is unchanged for runs that started every host).
     */
    public String line() {
        return "hosts=" + hosts + " compliant=" + compliant + " drifted=" + drifted + " fixed=" + fixed
                + " failed=" + failed + " unreachable=" + unreachable
                + (notStarted > 0 ? " not_started=" + notStarted : "");
    }
}
