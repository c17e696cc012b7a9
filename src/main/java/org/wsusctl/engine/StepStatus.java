package org.wsusctl.engine;

/** Outcome of one step on one host (report contract; design.md's statuses extended by unknown and blocked). */
public enum StepStatus {
    OK, DRIFT, FIXED, FAILED, SKIPPED, UNREACHABLE,
    /** A fix was interrupted, timed out or lost its connection mid-way: what it changed is not known. Never fixed. */
    UNKNOWN,
    /**
     * Not judged: a prerequisite (a service, the pool) does not hold or could not be established; the step carries
     * the names of the steps that found it ({@code blocked_by}). A consequence, not a cause.
     */
    BLOCKED;

    public String json() {
        return name().toLowerCase();
    }
}
