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
}
