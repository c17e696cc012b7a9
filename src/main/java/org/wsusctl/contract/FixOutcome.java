package org.wsusctl.contract;

import java.util.Locale;
import java.util.Optional;

/** What a fix or action script says it did; the word travels as {@code outcome} in a {@code wsusctl.fix/2} line. */
public enum FixOutcome {
    /** It changed the host. */
    CHANGED,
    /** Its guard found nothing to do (already as wanted, or a limit it must never lower). */
    UNCHANGED,
    /** Its guard found it unsafe to act now (a dependency is down, the service is Disabled); nothing changed. */
    REFUSED,
    /** It acted and the host is not as wanted afterwards (the pool stopped again, the grant was refused). */
    FAILED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FixOutcome> parse(String word) {
        for (FixOutcome o : values()) {
            if (o.word().equals(word)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
