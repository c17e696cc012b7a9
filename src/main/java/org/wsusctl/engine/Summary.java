package org.wsusctl.engine;

import java.util.List;

/** Host counts by status (report contract). */
public record Summary(int hosts, int compliant, int drifted, int fixed, int failed, int unreachable) {

    public static Summary of(List<HostResult> hosts) {
        int c = 0, d = 0, x = 0, f = 0, u = 0;
        for (HostResult h : hosts) {
            switch (h.status()) {
                case COMPLIANT -> c++;
                case DRIFTED -> d++;
                case FIXED -> x++;
                case FAILED -> f++;
                case UNREACHABLE -> u++;
            }
        }
        return new Summary(hosts.size(), c, d, x, f, u);
    }

    /** {@code hosts=120 compliant=97 drifted=18 fixed=0 failed=2 unreachable=3}. */
    public String line() {
        return "hosts=" + hosts + " compliant=" + compliant + " drifted=" + drifted + " fixed=" + fixed
                + " failed=" + failed + " unreachable=" + unreachable;
    }
}
