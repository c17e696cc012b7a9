package org.wsusctl.remote;

import java.time.Instant;
import java.util.Map;
import org.wsusctl.contract.FixOutcome;

/** The one result line a unit printed, parsed (the envelopes of {@link org.wsusctl.contract.Envelope}). */
public sealed interface UnitResult {

    /** A fact section ({@code wsusctl.facts/1}): the facts as printed, not yet checked against their shape. */
    record Facts(Instant collectedUtc, Map<String, Object> facts) implements UnitResult { }

    /**
     * What a fix or action did ({@code wsusctl.fix/2}).
     *
     * @param before what its guard read before acting
     * @param after what it read back after acting (the same as before when it did not act)
     * @param reason a short code for why it did or did not act, or empty
     * @param detail data for the reason (e.g. the services that are down), or empty
     */
    record Fix(FixOutcome outcome, Map<String, Object> before, Map<String, Object> after, String reason,
            String detail) implements UnitResult { }

    /** The unit threw, or printed no result line at all. */
    record Error(String message) implements UnitResult { }
}
