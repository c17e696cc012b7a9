package org.wsusctl.engine;

/** Audit only reads; apply checks, fixes what drifted, and verifies. */
public enum Mode {
    AUDIT, APPLY;

    public String json() {
        return name().toLowerCase();
    }
}
