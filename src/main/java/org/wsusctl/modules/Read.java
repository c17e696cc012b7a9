package org.wsusctl.modules;

import java.util.Optional;
import org.wsusctl.contract.Facts;

/** Small helpers modules share to read a fact set. */
final class Read {
    private Read() { }

    static Optional<Facts> facts(FactSet set, FactRequest request) {
        return set.result(request) instanceof SectionResult.Gathered g ? Optional.of(g.facts()) : Optional.empty();
    }

    static Optional<SectionResult.Gathered> gathered(FactSet set, FactRequest request) {
        return set.result(request) instanceof SectionResult.Gathered g ? Optional.of(g) : Optional.empty();
    }

    /** The verdict for a section that could not be read. */
    static Verdict unreadable(FactSet set, FactRequest request) {
        String why = set.result(request) instanceof SectionResult.Unavailable u ? u.reason() : "not gathered";
        return Verdict.unreadable("cannot read " + request.section().id() + ": " + why);
    }

    static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
