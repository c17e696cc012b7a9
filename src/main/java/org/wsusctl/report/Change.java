package org.wsusctl.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.StepStatus;

/**
 * One observed value next to the value it should have (drift) or now has (fix), as in
 * {@code private_memory_kb 1843200 -> 4000000}.
 *
 * @param key the field of the check's output, or {@code null} when whole values are compared
 */
public record Change(String key, Object from, Object to) {

    /** {@code key from -> to}, values rendered compactly. */
    @Override
    public String toString() {
        String arrow = Values.text(from) + " -> " + Values.text(to);
        return key == null ? arrow : key + " " + arrow;
    }

    /**
     * What a step's drift or fix changes: for a step whose verifying check ran ({@code after} present),
     * observed -> new; otherwise observed -> expected. Empty when there is nothing to compare.
     */
    public static List<Change> of(StepResult step) {
        if (step.after() != null && step.status() != StepStatus.DRIFT) {
            // After a fix, what the expectation names: sysadmin false -> true, not every field the check read.
            Map<String, Object> target = step.after();
            if (step.expected() != null && !step.expected().isEmpty()
                    && !Collections.disjoint(step.expected().keySet(), target.keySet())) {
                Map<String, Object> named = new java.util.LinkedHashMap<>();
                step.expected().keySet().forEach(k -> {
                    if (target.containsKey(k)) {
                        named.put(k, target.get(k));
                    }
                });
                return between(step.before(), named);
            }
            return between(step.before(), target);
        }
        return between(step.before(), step.expected());
    }

    /**
     * Fields of {@code target} whose value differs in {@code observed}, in {@code target}'s order. When the
     * two share no field (a check that states its expectation differently from its observation), one
     * change compares the whole values. Values are compared as they are but shown redacted.
     */
    public static List<Change> between(Map<String, Object> observed, Map<String, Object> target) {
        if (target == null || target.isEmpty()) {
            return List.of();
        }
        Map<String, Object> before = observed == null ? Map.of() : observed;
        if (!before.isEmpty() && Collections.disjoint(before.keySet(), target.keySet())) {
            return List.of(new Change(null, Values.redact(before), Values.redact(target)));
        }
        List<Change> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : target.entrySet()) {
            Object from = before.get(e.getKey());
            if (!Values.same(from, e.getValue())) {
                out.add(new Change(e.getKey(), Values.redactField(e.getKey(), from),
                        Values.redactField(e.getKey(), e.getValue())));
            }
        }
        return out;
    }

    /** The changes joined for one line: {@code a 1 -> 2, b x -> y}. */
    public static String line(List<Change> changes) {
        StringBuilder sb = new StringBuilder();
        for (Change c : changes) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Change c && Objects.equals(key, c.key) && Values.same(from, c.from)
                && Values.same(to, c.to);
    }

    @Override
    public int hashCode() {
        // The same canonical text that equals compares (Values.same): equal changes hash alike.
        return Objects.hash(key, Values.key(from), Values.key(to));
    }
}
