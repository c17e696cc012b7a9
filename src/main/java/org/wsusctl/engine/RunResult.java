package org.wsusctl.engine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one {@code audit} or {@code apply} run.
 *
 * @param playbooks the playbook files run, in order
 * @param interrupted a stop signal (SIGINT, SIGTERM) cut the run short: some host was not started or was cut
 *                    off because of it. A signal that arrives after every host finished leaves this false.
 * @param stoppedEarly some host was not started (see {@code stopReason} for why)
 * @param stopReason why hosts stopped being started, when they did
 */
public record RunResult(
        Mode mode,
        List<String> playbooks,
        Instant started,
        Instant finished,
        List<HostResult> hosts,
        boolean interrupted,
        boolean stoppedEarly,
        Optional<StopReason> stopReason) {

    public RunResult {
        stopReason = stopReason == null ? Optional.empty() : stopReason;
    }

    /** A result whose stop, if any, has no recorded reason (tests, merged reports). */
    public RunResult(Mode mode, List<String> playbooks, Instant started, Instant finished, List<HostResult> hosts,
            boolean interrupted, boolean stoppedEarly) {
        this(mode, playbooks, started, finished, hosts, interrupted, stoppedEarly, Optional.empty());
    }

    public Summary summary() {
        return Summary.of(hosts);
    }

    public RunResult withHosts(List<HostResult> newHosts) {
        return new RunResult(mode, playbooks, started, finished, newHosts, interrupted, stoppedEarly, stopReason);
    }
}
