package org.wsusctl.engine;

import java.util.List;
import java.util.Optional;

/**
 * Everything a run learned about one host.
 *
 * @param message for unreachable or failed hosts: what happened, naming the endpoint
 * @param winrmRequests WinRM requests this run made to the host
 * @param invocations PowerShell processes this run started on the host
 */
public record HostResult(
        String name,
        String endpoint,
        HostStatus status,
        List<StepResult> steps,
        String message,
        int winrmRequests,
        int invocations,
        long durationMs,
        Optional<SimStats> simulated) {

    public HostResult withSimulated(SimStats stats) {
        return new HostResult(name, endpoint, status, steps, message, winrmRequests, invocations, durationMs,
                Optional.of(stats));
    }

    /** The steps that block others on this host (their names, in step order): what to fix first. */
    public List<String> rootCauses() {
        java.util.Set<String> roots = new java.util.LinkedHashSet<>();
        for (StepResult s : steps) {
            roots.addAll(s.blockedBy());
        }
        // a set: a list's contains made this quadratic in a host's root causes
        java.util.Set<String> ordered = new java.util.LinkedHashSet<>();
        for (StepResult s : steps) {
            if (roots.contains(s.step())) {
                ordered.add(s.step());
            }
        }
        ordered.addAll(roots);
        return List.copyOf(ordered);
    }
}
