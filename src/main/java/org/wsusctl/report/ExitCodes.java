package org.wsusctl.report;

import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.HostStatus;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.StepStatus;

/**
 * Process exit codes (design.md, as ansible-playbook's so CI treats both alike).
 *
 * <p>Precedence for a run with mixed outcomes, highest first: {@link #INTERRUPTED} (the results are
 * incomplete, nothing else can be trusted); {@link #FAILED} for any failed step or host, any fix whose
 * outcome is unknown, any drift left after the run (every drift in audit; in apply a drift that was not
 * fixed, e.g. one that needs {@code approve: true} or a step with {@code fix: false}), or an apply that
 * stopped starting batches; {@link #UNREACHABLE} when some host could not be reached and nothing above
 * applies; {@link #OK} otherwise. A failure or drift outranks an unreachable host because it is a definite
 * finding about a host that was reached, while unreachable only says a host could not be looked at.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 2;
    public static final int UNREACHABLE = 3;
    public static final int INVALID_INPUT = 4;
    public static final int BAD_OPTIONS = 5;
    public static final int INTERRUPTED = 99;
    public static final int UNEXPECTED = 250;

    private ExitCodes() {
    }

    /** The exit code for a finished (or interrupted) audit or apply run. */
    public static int of(RunResult run) {
        if (run.interrupted()) {
            return INTERRUPTED;
        }
        boolean failedOrDrift = run.stoppedEarly();
        boolean unreachable = false;
        for (HostResult h : run.hosts()) {
            if (h.status() == HostStatus.FAILED || h.status() == HostStatus.DRIFTED) {
                failedOrDrift = true;
            } else if (h.status() == HostStatus.UNREACHABLE) {
                unreachable = true;
            }
            for (StepResult s : h.steps()) {
                StepStatus st = s.status();
                if (st == StepStatus.FAILED || st == StepStatus.UNKNOWN || st == StepStatus.DRIFT) {
                    failedOrDrift = true;
                } else if (st == StepStatus.UNREACHABLE) {
                    unreachable = true;
                }
            }
        }
        if (failedOrDrift) {
            return FAILED;
        }
        return unreachable ? UNREACHABLE : OK;
    }
}
