package org.wsusctl.engine;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one {@code audit} or {@code apply} run.
 *
 * @param playbooks the playbook files run, in order
 * @param interrupted the run was stopped (SIGINT) before every host finished
 * @param stoppedEarly apply stopped starting batches (max_fail_percentage or --fail-fast)
 */
public record RunResult(
        Mode mode,
        List<String> playbooks,
        Instant started,
        Instant finished,
        List<HostResult> hosts,
        boolean interrupted,
        boolean stoppedEarly) {

    public Summary summary() {
        return Summary.of(hosts);
    }
}
