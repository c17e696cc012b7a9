package org.wsusctl.modules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a module concluded from the facts, without touching the network.
 *
 * @param observed the facts that matter, for the report ({@code before})
 * @param expected what compliant looks like, for the report; null when there is nothing to compare
 * @param conditions what this check established about the conditions others depend on; a condition absent here
 *                   could not be established (the facts were unreadable or undecided)
 */
public record Verdict(Kind kind, Map<String, Object> observed, Map<String, Object> expected, String message,
        Map<Condition, Boolean> conditions) {

    public enum Kind {
        /** As wanted. */
        OK,
        /** Not as wanted; a fix may or may not exist. */
        DRIFT,
        /** The facts were read but do not allow a decision (a Pending service, NULL from SQL Server). */
        UNDECIDED,
        /** Does not apply to this host (WSUS not installed). */
        NOT_APPLICABLE,
        /** The facts could not be read. */
        UNREADABLE
    }

    public Verdict {
        observed = observed == null ? Map.of() : observed;
        conditions = Map.copyOf(conditions == null ? Map.of() : conditions);
    }

    public static Verdict ok(Map<String, Object> observed, Map<String, Object> expected, String message) {
        return new Verdict(Kind.OK, observed, expected, message, Map.of());
    }

    public static Verdict drift(Map<String, Object> observed, Map<String, Object> expected, String message) {
        return new Verdict(Kind.DRIFT, observed, expected, message, Map.of());
    }

    public static Verdict undecided(Map<String, Object> observed, String message) {
        return new Verdict(Kind.UNDECIDED, observed, null, message, Map.of());
    }

    public static Verdict notApplicable(String message) {
        return new Verdict(Kind.NOT_APPLICABLE, Map.of(), null, message, Map.of());
    }

    public static Verdict unreadable(String message) {
        return new Verdict(Kind.UNREADABLE, Map.of(), null, message, Map.of());
    }

    /** The same verdict, establishing {@code condition} as {@code holds}. */
    public Verdict establishing(Condition condition, boolean holds) {
        Map<Condition, Boolean> c = new LinkedHashMap<>(conditions);
        c.put(condition, holds);
        return new Verdict(kind, observed, expected, message, c);
    }

    /** A mutable ordered map from alternating keys and values (values may be null, unlike Map.of). */
    public static Map<String, Object> values(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
