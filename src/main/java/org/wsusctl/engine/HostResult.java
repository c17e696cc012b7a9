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
}
