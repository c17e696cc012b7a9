package org.wsusctl.engine;

/**
 * Outcome of a whole host (report contract), extended by {@link #NOT_STARTED}: the run never started the host
 * (an interrupt, {@code --fail-fast} or {@code max_fail_percentage} stopped it first). Nothing was sent to
 * such a host, so it is neither failed nor unreachable: nothing is known about it.
 */
public enum HostStatus {
    COMPLIANT, DRIFTED, FIXED, FAILED, UNREACHABLE, NOT_STARTED;

    public String json() {
        return name().toLowerCase();
    }
}
