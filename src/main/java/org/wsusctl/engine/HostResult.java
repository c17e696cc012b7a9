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
        java.util.List<String> ordered = new java.util.ArrayList<>();
        for (StepResult s : steps) {
            if (roots.contains(s.step()) && !ordered.contains(s.step())) {
                ordered.add(s.step());
            }
        }
        roots.stream().filter(r -> !ordered.contains(r)).forEach(ordered::add);
        return ordered;
    }
}
