package org.wsusctl.engine;

import java.util.List;
import org.wsusctl.inventory.Host;
import org.wsusctl.modules.ActionModule;
import org.wsusctl.remote.ProbeSession;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShell;
import org.wsusctl.remote.RemoteShellFactory;
import org.wsusctl.remote.UnitResult;

/**
 * Audit of one host: every check in one PowerShell process, nothing else. It holds only a
 * {@link ProbeSession}, which takes read-only scripts; there is no code path here that could send a fix.
 */
final class AuditHostRun extends HostRun {
    private ProbeSession session;

    AuditHostRun(Host host, List<PlannedStep> steps, RemoteShellFactory shells, RunListener listener, boolean batch) {
        super(host, steps, shells, listener, batch);
    }

    @Override
    protected void execute(RemoteShell shell, PsInvocation.Staged first) throws RemoteException {
        session = new ProbeSession(shell, batch);
        long t0 = System.nanoTime();
        List<UnitResult> results = session.runStaged(first);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        for (int i = 0, c = 0; i < steps.size(); i++) {
            PlannedStep p = steps.get(i);
            if (!p.bound()) {
                record(StepResults.of(p, StepStatus.FAILED, p.bindError(), 0));
            } else if (p.module() instanceof ActionModule) {
                record(StepResults.of(p, StepStatus.SKIPPED, "action: runs only in apply", 0));
            } else {
                record(StepResults.fromCheck(p, results.get(c++), ms));
            }
        }
    }

    @Override
    protected int sessionInvocations() {
        return session == null ? 0 : session.invocations();
    }
}
