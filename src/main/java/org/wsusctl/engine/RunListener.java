package org.wsusctl.engine;

import java.util.Map;

/**
 * Events as a run progresses: drives the live console and the change journal. Implementations must be
 * thread-safe: hosts run in parallel.
 */
public interface RunListener {

    default void runStarted(Mode mode, int hosts) { }

    default void hostStarted(String host) { }

    default void stepFinished(String host, StepResult step) { }

    default void hostFinished(HostResult host) { }

    /**
     * A fix is about to run: written to the journal before the host is touched, so a run that dies
     * mid-fix still shows what it was doing.
     *
     * @throws FixNotRecorded when this could not be recorded durably: the fix must not run (see there)
     */
    default void fixStarting(String host, String module, String step, Map<String, Object> before) { }

    /**
     * A fix finished (changed, unchanged, failed or unknown), with what it reported.
     *
     * @throws FixNotRecorded when this could not be recorded durably: the step is {@code unknown} (see there)
     */
    default void fixFinished(String host, String module, String step, String action, Map<String, Object> before,
            Map<String, Object> after) { }

    default void runFinished(RunResult result) { }

    RunListener NONE = new RunListener() { };
}
