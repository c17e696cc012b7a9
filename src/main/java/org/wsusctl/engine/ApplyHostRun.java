package org.wsusctl.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.wsusctl.inventory.Host;
import org.wsusctl.modules.ActionModule;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.FixPolicy;
import org.wsusctl.remote.FixSession;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShell;
import org.wsusctl.remote.RemoteShellFactory;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * Apply on one host: all checks in one process; then, in step order, fix what drifted and verify it by
 * checking again. {@code fixed} is reported only when the verifying check passes. Once a fix changed
 * something, later steps are re-checked before being judged, because fixes are causal (starting SQL lets
 * WsusService start; starting the pool ends the 503).
 */
final class ApplyHostRun extends HostRun {
    private final List<PlannedStep> handlers;
    private final FixGate gate;
    private final BooleanSupplier stopRequested;
    private FixSession session;

    ApplyHostRun(Host host, List<PlannedStep> steps, List<PlannedStep> handlers, RemoteShellFactory shells,
            RunListener listener, boolean batch, FixGate gate, BooleanSupplier stopRequested) {
        super(host, steps, shells, listener, batch);
        this.handlers = handlers;
        this.gate = gate;
        this.stopRequested = stopRequested;
    }

    @Override
    protected void execute(RemoteShell shell, PsInvocation.Staged staged) throws RemoteException {
        session = new FixSession(shell, batch);
        long t0 = System.nanoTime();
        List<UnitResult> initial = session.runStaged(staged);
        long checkMs = (System.nanoTime() - t0) / 1_000_000;

        boolean dirty = false;
        Set<String> notified = new LinkedHashSet<>();
        int c = 0;
        for (PlannedStep p : steps) {
            if (!p.bound()) {
                record(StepResults.of(p, StepStatus.FAILED, p.bindError(), 0));
                continue;
            }
            if (p.module() instanceof ActionModule a) {
                StepResult r = runAction(p, a);
                record(r);
                dirty |= r.status() == StepStatus.FIXED;
                continue;
            }
            CheckModule m = (CheckModule) p.module();
            UnitResult first = initial.get(c++);
            long ms = checkMs;
            if (dirty) {
                long t1 = System.nanoTime();
                first = session.runCheck(m.check(p.args()));
                ms = (System.nanoTime() - t1) / 1_000_000;
            }
            StepResult r = fixIfDrifted(p, m, StepResults.fromCheck(p, first, ms), first);
            record(r);
            if (r.status() == StepStatus.FIXED) {
                dirty = true;
                notified.addAll(p.step().notifies());
            }
        }
        runHandlers(notified);
    }

    private StepResult fixIfDrifted(PlannedStep p, CheckModule m, StepResult checked, UnitResult first)
            throws RemoteException {
        if (checked.status() != StepStatus.DRIFT) {
            return checked;
        }
        String notFixed = whyNotFixed(p);
        if (notFixed != null) {
            return StepResults.withStatus(checked, StepStatus.DRIFT, checked.message() + " (" + notFixed + ")", null, 0);
        }
        Optional<ScriptCall<Mutating>> fix = m.fix(p.args(), (UnitResult.Check) first);
        if (fix.isEmpty()) {
            return StepResults.withStatus(checked, StepStatus.DRIFT, checked.message() + " (no automatic fix)", null, 0);
        }
        long t0 = System.nanoTime();
        UnitResult done = runFix(p, fix.get(), checked.before());
        if (done == null) {
            return StepResults.withStatus(checked, StepStatus.UNKNOWN,
                    "fix interrupted: whether it changed the host is unknown", null, elapsed(t0));
        }
        if (done instanceof UnitResult.Error e) {
            return StepResults.withStatus(checked, StepStatus.FAILED, "fix failed: " + e.message(), null, elapsed(t0));
        }
        UnitResult.Fix f = (UnitResult.Fix) done;
        if (f.action().equals("failed")) {
            return StepResults.withStatus(checked, StepStatus.FAILED, "fix failed: " + f.message(), f.after(),
                    elapsed(t0));
        }
        UnitResult verify = session.runCheck(m.check(p.args()));
        if (verify instanceof UnitResult.Check v && v.status().equals("ok")) {
            StepStatus status = f.action().equals("changed") ? StepStatus.FIXED : StepStatus.OK;
            String msg = f.action().equals("changed") ? f.message() + "; verified: " + v.message()
                    : "already compliant when the fix ran: " + v.message();
            return StepResults.withStatus(checked, status, msg, v.observed(), elapsed(t0));
        }
        String seen = verify instanceof UnitResult.Check v ? v.message()
                : ((UnitResult.Error) verify).message();
        return StepResults.withStatus(checked, StepStatus.FAILED,
                "fix reported " + f.action() + " but the check still fails: " + seen,
                verify instanceof UnitResult.Check v ? v.observed() : f.after(), elapsed(t0));
    }

    /** Why a drifted step is left alone, or null to fix it. */
    private String whyNotFixed(PlannedStep p) {
        if (!p.step().fix()) {
            return "fix: false on this step";
        }
        if (p.module().fixPolicy() == FixPolicy.NONE) {
            return "report only";
        }
        if (p.module().fixPolicy() == FixPolicy.APPROVAL && !p.step().approve()) {
            return "the fix needs approve: true on the step";
        }
        if (stopRequested.getAsBoolean() || isAborted()) {
            return "not fixed: run interrupted";
        }
        return null;
    }

    /**
     * Runs a mutating script under the group's fix gate, journaling before and after.
     *
     * @return the script's result, or {@code null} when the run was torn down mid-fix (outcome unknown)
     */
    private UnitResult runFix(PlannedStep p, ScriptCall<Mutating> call, Map<String, Object> before)
            throws RemoteException {
        try (FixGate.Permit permit = gate.enter(host)) {
            listener.fixStarting(host.name(), p.module().name(), p.step().name(), before);
            UnitResult r;
            try {
                r = session.runFix(call);
            } catch (RemoteException e) {
                listener.fixFinished(host.name(), p.module().name(), p.step().name(), "unknown", before, null);
                if (e instanceof RemoteException.TimedOut || isAborted()) {
                    return null;
                }
                throw e;
            }
            String action = r instanceof UnitResult.Fix f ? f.action() : "failed";
            Map<String, Object> after = r instanceof UnitResult.Fix f ? f.after() : null;
            listener.fixFinished(host.name(), p.module().name(), p.step().name(), action, before, after);
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private StepResult runAction(PlannedStep p, ActionModule a) throws RemoteException {
        if (a.fixPolicy() == FixPolicy.APPROVAL && !p.step().approve()) {
            return StepResults.of(p, StepStatus.SKIPPED, "disruptive action: runs only with approve: true", 0);
        }
        if (stopRequested.getAsBoolean() || isAborted()) {
            return StepResults.of(p, StepStatus.SKIPPED, "not run: run interrupted", 0);
        }
        long t0 = System.nanoTime();
        UnitResult r = runFix(p, a.action(p.args()), null);
        if (r == null) {
            return StepResults.of(p, StepStatus.UNKNOWN, "action interrupted: outcome unknown", elapsed(t0));
        }
        if (r instanceof UnitResult.Fix f) {
            StepStatus s = switch (f.action()) {
                case "changed" -> StepStatus.FIXED;
                case "unchanged" -> StepStatus.OK;
                default -> StepStatus.FAILED;
            };
            return new StepResult(p.playbook(), p.step().name(), a.name(), s, f.before(), f.after(), null,
                    f.message(), elapsed(t0), false, false, null);
        }
        return StepResults.of(p, StepStatus.FAILED, ((UnitResult.Error) r).message(), elapsed(t0));
    }

    private void runHandlers(Set<String> notified) throws RemoteException {
        for (PlannedStep h : handlers) {
            if (!notified.contains(h.step().name())) {
                continue;
            }
            if (!h.bound()) {
                record(StepResults.asHandler(StepResults.of(h, StepStatus.FAILED, h.bindError(), 0)));
            } else if (h.module() instanceof ActionModule a) {
                record(StepResults.asHandler(runAction(h, a)));
            } else {
                CheckModule m = (CheckModule) h.module();
                UnitResult first = session.runCheck(m.check(h.args()));
                record(StepResults.asHandler(fixIfDrifted(h, m, StepResults.fromCheck(h, first, 0), first)));
            }
        }
    }

    private static long elapsed(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    protected int sessionInvocations() {
        return session == null ? 0 : session.invocations();
    }
}
