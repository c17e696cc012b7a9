package org.wsusctl.engine;

/** Outcome of one step on one host (report contract). */
public enum StepStatus {
    OK, DRIFT, FIXED, FAILED, SKIPPED, UNREACHABLE,
    /** A fix was interrupted or timed out mid-way: what it changed is not known. Never reported as fixed. */
    UNKNOWN;

    public String json() {
        return name().toLowerCase();
    }
}
