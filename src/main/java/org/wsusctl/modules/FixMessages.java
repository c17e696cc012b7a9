package org.wsusctl.modules;

import java.util.Map;
import org.wsusctl.remote.UnitResult;

/** Words for fix results: the scripts print outcomes, reason codes and values, never sentences. */
final class FixMessages {
    private FixMessages() { }

    static String generic(UnitResult.Fix r) {
        String reason = r.reason().isEmpty() ? "" : " (" + r.reason().replace('_', ' ')
                + (r.detail().isEmpty() ? "" : ": " + r.detail()) + ")";
        return switch (r.outcome()) {
            case CHANGED -> "changed " + changes(r.before(), r.after()) + reason;
            case UNCHANGED -> "nothing to change" + reason;
            case REFUSED -> "not changed" + reason;
            case FAILED -> "failed" + reason + "; now " + r.after();
        };
    }

    /** {@code a 1 -> 2, b x -> y} over the keys whose value changed. */
    static String changes(Map<String, Object> before, Map<String, Object> after) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : after.entrySet()) {
            Object old = before.get(e.getKey());
            if (!String.valueOf(old).equals(String.valueOf(e.getValue()))) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(e.getKey()).append(' ').append(old).append(" -> ").append(e.getValue());
            }
        }
        return sb.length() == 0 ? String.valueOf(after) : sb.toString();
    }

    /** A script's list of events, {@code WAS 5009, WAS 5009, WAS 5002}, as {@code WAS 5009 x2, WAS 5002} (first-seen order). */
    static String events(String detail) {
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String e : detail.split(",")) {
            if (!e.isBlank()) {
                counts.merge(e.strip(), 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((e, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(e).append(n > 1 ? " x" + n : ""));
        return sb.toString();
    }
}
