package org.wsusctl.remote;

import java.util.Map;

/** The one result line a unit printed, parsed. */
public sealed interface UnitResult {

    /**
     * A check's verdict ({@code wsusctl.check/1}).
     *
     * @param status ok | drift | error | not_applicable | unknown
     */
    record Check(String status, String severity, Map<String, Object> observed, Map<String, Object> expected,
            String message, Map<String, Object> raw) implements UnitResult { }

    /**
     * What a fix did ({@code wsusctl.fix/1}).
     *
     * @param action changed | unchanged | failed
     */
    record Fix(String action, Map<String, Object> before, Map<String, Object> after, String message)
            implements UnitResult { }

    /** The unit threw, or printed no result line at all. */
    record Error(String message) implements UnitResult { }
}
