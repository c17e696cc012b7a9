package org.wsusctl.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.Condition;
import org.wsusctl.modules.Verdict;

/**
 * Causes and consequences on one host, from verdicts alone: a step whose prerequisite does not hold (or could not
 * be established) is {@link StepStatus#BLOCKED}, by the steps that found the prerequisite broken, followed back
 * to the root (a pool blocked by a stopped WAS blocks the web probes by the services step, not by the pool step).
 * Pure: no facts, no I/O.
 */
final class Diagnosis {

    /**
     * @param blockedBy the names of the root-cause steps, in step order; empty unless {@code status} is BLOCKED
     */
    record Finding(StepStatus status, List<String> blockedBy) {
        Finding {
            blockedBy = List.copyOf(blockedBy);
        }
    }

    /**
     * The steps with a verdict that can establish one condition, in step order, split by whether their verdict
     * established it.
     */
    private record Verifiers(List<Integer> established, List<Integer> broken) {
        /** Whether a step other than {@code i} established the condition. */
        boolean heldBesides(int i) {
            return established.size() > 1 || (established.size() == 1 && established.get(0) != i);
        }
    }

    private static final Verifiers NONE = new Verifiers(List.of(), List.of());

    private final List<PlannedStep> steps;
    private final Map<Integer, Set<Integer>> rootsMemo = new HashMap<>();
    /**
     * Built once per pass, so that finding who verifies a prerequisite costs its verifiers, not every step (a
     * scan of all steps per step made a 10,000-step playbook quadratic: issue 14, finding 13).
     */
    private final Map<Condition, Verifiers> verifiers = new HashMap<>();

    private Diagnosis(List<PlannedStep> steps, List<Verdict> verdicts) {
        this.steps = steps;
        for (int j = 0; j < steps.size(); j++) {
            Verdict v = verdicts.get(j);
            if (v == null) {
                continue;
            }
            for (Condition c : check(j).verifies(steps.get(j).args())) {
                Verifiers w = verifiers.computeIfAbsent(c, k -> new Verifiers(new ArrayList<>(), new ArrayList<>()));
                (Boolean.TRUE.equals(v.conditions().get(c)) ? w.established() : w.broken()).add(j);
            }
        }
    }

    /**
     * @param verdicts aligned with {@code steps}; null for steps without a verdict (unbound, actions, not run)
     * @return aligned with {@code steps}; null where the verdict is null
     */
    static List<Finding> of(List<PlannedStep> steps, List<Verdict> verdicts) {
        Diagnosis d = new Diagnosis(steps, verdicts);
        List<Finding> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Verdict v = verdicts.get(i);
            if (v == null) {
                out.add(null);
                continue;
            }
            Set<Integer> roots = d.roots(i, new LinkedHashSet<>());
            if (roots.isEmpty() || v.kind() == Verdict.Kind.NOT_APPLICABLE) {
                out.add(new Finding(own(v), List.of()));
            } else {
                out.add(new Finding(StepStatus.BLOCKED, roots.stream().sorted().map(r -> steps.get(r).name()).toList()));
            }
        }
        return out;
    }

    /** What a verdict means on its own. */
    static StepStatus own(Verdict v) {
        return switch (v.kind()) {
            case OK -> StepStatus.OK;
            case DRIFT -> StepStatus.DRIFT;
            case NOT_APPLICABLE -> StepStatus.SKIPPED;
            case UNDECIDED, UNREADABLE -> StepStatus.FAILED;
        };
    }

    /** The root-cause steps that block step {@code i}; empty when every prerequisite holds. */
    private Set<Integer> roots(int i, Set<Integer> visiting) {
        Set<Integer> memo = rootsMemo.get(i);
        if (memo != null) {
            return memo;
        }
        Set<Integer> roots = new LinkedHashSet<>();
        if (!visiting.add(i)) {
            return roots; // a cycle of prerequisites: none of its members is the other's cause
        }
        for (Condition c : check(i).requires(steps.get(i).args())) {
            Verifiers w = verifiers.getOrDefault(c, NONE);
            if (w.heldBesides(i)) {
                continue;
            }
            for (int j : w.broken()) {
                if (j == i) {
                    continue;
                }
                Set<Integer> deeper = roots(j, visiting);
                if (deeper.isEmpty()) {
                    roots.add(j);
                } else {
                    roots.addAll(deeper);
                }
            }
        }
        visiting.remove(i);
        rootsMemo.put(i, roots);
        return roots;
    }

    private CheckModule check(int i) {
        return (CheckModule) steps.get(i).module();
    }
}
