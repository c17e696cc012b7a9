package org.wsusctl.engine;

/** Outcome of a whole host (report contract). */
public enum HostStatus {
    COMPLIANT, DRIFTED, FIXED, FAILED, UNREACHABLE;

    public String json() {
        return name().toLowerCase();
    }
}
