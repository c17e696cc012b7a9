package org.wsusctl.modules;

/** Whether and when a module may change a host. */
public enum FixPolicy {
    /** Report only; apply never changes anything. */
    NONE,
    /** Restores an obviously intended state (start what should run, raise a limit); runs in apply. */
    AUTO,
    /** Privileged, disruptive or contested; runs in apply only with {@code approve: true} on the step. */
    APPROVAL
}
