package org.wsusctl.modules;

import java.time.Instant;
import org.wsusctl.contract.Facts;

/** What gathering one section gave: its facts, or why there are none. */
public sealed interface SectionResult {

    /** @param collectedUtc the host's own clock when the facts were read (ages are measured against it) */
    record Gathered(Facts facts, Instant collectedUtc) implements SectionResult { }

    /** The section's script threw, printed nothing, or printed facts not of the declared shape. */
    record Unavailable(String reason) implements SectionResult { }
}
