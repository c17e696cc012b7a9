package org.wsusctl.engine;

/**
 * Why a run stopped starting hosts, so reports name the real cause (before, every stop read "too many
 * hosts failed").
 *
 * @param message one line for people, e.g. "--fail-fast: host wsus03 failed"
 */
public record StopReason(Kind kind, String message) {

    public enum Kind {
        /** SIGINT or SIGTERM. */
        INTERRUPTED,
        /** {@code --fail-fast} after a failed or unreachable host. */
        FAIL_FAST,
        /** A rolling apply passed the playbook's {@code max_fail_percentage}. */
        MAX_FAIL_PERCENTAGE;

        public String json() {
            return name().toLowerCase();
        }
    }
}
