package org.wsusctl.engine;

import org.wsusctl.modules.Phase;
import org.wsusctl.remote.UnitResult;

/** One run of a fix or action on a host, and what is known of its outcome. */
sealed interface FixAttempt {
    Phase phase();

    long durationMs();

    /** The script ran to its end and said what it did. */
    record Done(Phase phase, UnitResult.Fix result, String message, long durationMs) implements FixAttempt { }

    /** The script threw or printed no result: it may have done part of its work. */
    record Broken(Phase phase, String error, long durationMs) implements FixAttempt { }

    /**
     * Whether it changed the host cannot be known: the connection dropped after the request was sent (on a real
     * server it may have landed while the answer was lost), the run was torn down mid-fix, or its outcome could
     * not be recorded.
     */
    record Lost(Phase phase, String why, long durationMs) implements FixAttempt { }

    /**
     * Never sent: its start could not be recorded durably (the journal promises a line before every change), so
     * the host was not touched.
     */
    record NotRun(Phase phase, String why, long durationMs) implements FixAttempt { }
}
