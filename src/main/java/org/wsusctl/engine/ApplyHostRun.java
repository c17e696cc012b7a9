package org.wsusctl.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.wsusctl.contract.FixOutcome;
import org.wsusctl.inventory.Host;
import org.wsusctl.modules.ActionModule;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.FixPlan;
import org.wsusctl.modules.FixPolicy;
import org.wsusctl.modules.Phase;
import org.wsusctl.remote.FixSession;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShellFactory;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;

/**
 * Apply on one host, in the catalog's dependency order whatever order the playbook lists: gather facts, then
 * repeatedly run the fixes of the earliest {@link Phase} that has any (SQL, WAS, W3SVC before the pool's
 * configuration, the pool before WsusService, ...), gathering facts again before the next phase when something
 * changed, so a step that was blocked by a stopped service is judged for real once the service runs. Handlers run
 * after the fixes; a last pass of facts verifies everything. {@code fixed} is reported only when that pass shows
 * the step compliant.
 */
final class ApplyHostRun extends HostRun<FixSession> {
    private final List<PlannedStep> handlers;
    private final FixGate gate;
    private final BooleanSupplier stopRequested;

    ApplyHostRun(Host host, HostLedger ledger, List<PlannedStep> handlers, RemoteShellFactory shells,
            SessionOpener<FixSession> sessions, RunListener listener, boolean batch, FixGate gate, BooleanSupplier stopRequested) {
        super(host, ledger, shells, sessions, listener, batch);
        this.handlers = handlers;
        this.gate = gate;
        this.stopRequested = stopRequested;
    }

    /** A fix to run now: which step, in which phase, and the call. */
    private record Candidate(int step, Phase phase, ScriptCall<Mutating> call) { }

    @Override
    protected void execute(FixSession session, PsInvocation.Staged first) throws RemoteException {
        long t0 = System.nanoTime();
        List<Diagnosis.Finding> findings = pass(session.runStaged(first), t0);
        boolean dirty = false;
        Phase ran = null;
        for (int round = 0; round <= Phase.values().length; round++) {
            if (dirty && needsFreshFacts(findings, ran)) {
                findings = regather(session);
                dirty = false;
            }
            List<Candidate> now = earliestPhase(candidates(findings));
            if (now.isEmpty()) {
                break;
            }
            if (stopped()) {
                ledger.fixesStopped("run interrupted");
                break;
            }
            ran = now.get(0).phase();
            for (Candidate c : now) {
                FixAttempt a = runFix(session, c);
                if (a instanceof FixAttempt.NotRun n) {
                    // The journal cannot record a change: no further change may be made on this host.
                    ledger.fixesStopped(n.why());
                    break;
                }
                dirty |= !(a instanceof FixAttempt.Done d) || d.result().outcome() != FixOutcome.UNCHANGED;
            }
            if (ledger.fixesStoppedWhy() != null) {
                break;
            }
        }
        dirty |= runHandlers(session);
        if (dirty) {
            regather(session);
        }
    }

    private List<Diagnosis.Finding> regather(FixSession session) throws RemoteException {
        long t = System.nanoTime();
        return pass(session.runChecks(Gathering.calls(requests)), t);
    }

    /**
     * Whether the next decisions need the facts as they are now: a blocked step may be unblocked by what just
     * changed, another step still waits for its phase, or a step just fixed has a later phase that its plan could
     * only see on fresh facts (WsusService once SQL runs). Otherwise the final pass verifies everything at once.
     */
    private boolean needsFreshFacts(List<Diagnosis.Finding> findings, Phase ran) {
        if (findings.stream().anyMatch(f -> f != null && f.status() == StepStatus.BLOCKED)
                || !candidates(findings).isEmpty()) {
            return true;
        }
        List<PlannedStep> steps = ledger.steps();
        for (int i = 0; i < steps.size(); i++) {
            if (ran != null && ledger.attempted(i, ran) && steps.get(i).module() instanceof CheckModule m) {
                for (Phase later : m.fixPhases()) {
                    if (later.compareTo(ran) > 0 && !ledger.attempted(i, later)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The fixes and actions the current findings call for that have not run yet, in step order. */
    private List<Candidate> candidates(List<Diagnosis.Finding> findings) {
        List<Candidate> out = new ArrayList<>();
        List<PlannedStep> steps = ledger.steps();
        for (int i = 0; i < steps.size(); i++) {
            PlannedStep p = steps.get(i);
            if (!p.bound() || p.implied()) {
                continue;
            }
            if (p.module() instanceof ActionModule a) {
                if (allowed(p) && !ledger.ranAny(i)) {
                    out.add(new Candidate(i, a.phase(), a.action(p.args())));
                }
                continue;
            }
            Diagnosis.Finding f = findings.get(i);
            if (f == null || f.status() != StepStatus.DRIFT || !allowed(p)) {
                continue;
            }
            for (FixPlan plan : ((CheckModule) p.module()).plan(p.args(), lastFacts)) {
                if (!ledger.attempted(i, plan.phase())) {
                    out.add(new Candidate(i, plan.phase(), plan.call()));
                }
            }
        }
        return out;
    }

    private static List<Candidate> earliestPhase(List<Candidate> all) {
        Phase min = all.stream().map(Candidate::phase).min(Comparator.naturalOrder()).orElse(null);
        return all.stream().filter(c -> c.phase() == min).toList();
    }

    /** Whether the playbook lets this step change the host. */
    private static boolean allowed(PlannedStep p) {
        if (!p.step().fix() || p.module().fixPolicy() == FixPolicy.NONE) {
            return false;
        }
        return p.module().fixPolicy() != FixPolicy.APPROVAL || p.step().approve();
    }

    private boolean stopped() {
        return stopRequested.getAsBoolean() || isAborted();
    }

    private FixAttempt runFix(FixSession session, Candidate c) throws RemoteException {
        PlannedStep p = ledger.steps().get(c.step());
        FixAttempt a = runMutating(session, p, c.phase(), c.call(), ledger.observed(c.step()));
        ledger.fixEnded(c.step(), a);
        return a;
    }


    /**
     * Runs a mutating script under the group's fix gate, journaling before and after. A dropped connection or a
     * torn-down run while the fix runs makes its outcome {@link FixAttempt.Lost unknown}; the exception then ends
     * the host (its shell is gone) after the attempt is recorded.
     */
    private FixAttempt runMutating(FixSession session, PlannedStep p, Phase phase, ScriptCall<Mutating> call,
            Map<String, Object> before) throws RemoteException {
        int index = ledger.steps().indexOf(p);
        long t0 = System.nanoTime();
        try (FixGate.Permit permit = gate.enter(host)) {
            try {
                listener.fixStarting(host.name(), p.module().name(), p.name(), before);
            } catch (FixNotRecorded e) {
                return new FixAttempt.NotRun(phase, "its start could not be recorded: " + e.getMessage(), elapsed(t0));
            }
            if (index >= 0) {
                ledger.fixStarting(index);
            }
            UnitResult r;
            try {
                r = session.runFix(call);
            } catch (RemoteException e) {
                try {
                    listener.fixFinished(host.name(), p.module().name(), p.name(), "unknown", before, null);
                } catch (FixNotRecorded ignored) {
                    // The outcome is unknown either way; the journal's open entry says so at the next start.
                }
                FixAttempt lost = new FixAttempt.Lost(phase, isAborted() ? "the run was cut off while it ran"
                        : "the connection was lost while it ran: " + e.getMessage(), elapsed(t0));
                if (index >= 0) {
                    ledger.fixEnded(index, lost);
                }
                throw e;
            }
            FixAttempt attempt = attempt(p, phase, r, elapsed(t0));
            // The finished line carries what the fix's own guard read before and after, so both have one shape.
            String action = r instanceof UnitResult.Fix f ? f.outcome().word() : "failed";
            try {
                if (r instanceof UnitResult.Fix f) {
                    listener.fixFinished(host.name(), p.module().name(), p.name(), action, f.before(), f.after());
                } else {
                    listener.fixFinished(host.name(), p.module().name(), p.name(), action, before, null);
                }
            } catch (FixNotRecorded e) {
                // What ran cannot be vouched for by the journal: never reported fixed (FixNotRecorded's contract).
                return new FixAttempt.Lost(phase, "the fix ran (" + action + ") but the journal could not record its"
                        + " end: " + e.getMessage(), attempt.durationMs());
            }
            return attempt;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FixAttempt.Lost(phase, "interrupted while waiting to fix", elapsed(t0));
        }
    }

    private static FixAttempt attempt(PlannedStep p, Phase phase, UnitResult r, long ms) {
        if (r instanceof UnitResult.Fix f) {
            String message = p.module() instanceof CheckModule m ? m.describeFix(f)
                    : ((ActionModule) p.module()).describeFix(f);
            return new FixAttempt.Done(phase, f, message, ms);
        }
        String error = r instanceof UnitResult.Error e ? e.message() : "unexpected result " + r;
        return new FixAttempt.Broken(phase, error, ms);
    }

    /**
     * Handlers notified by the steps whose fixes changed something, in handler order, once each.
     *
     * @return whether any handler ran
     */
    private boolean runHandlers(FixSession session) throws RemoteException {
        // Each notified handler, with the changed fixes that notified it (what they did can make it redundant).
        Map<String, List<UnitResult.Fix>> notified = new java.util.LinkedHashMap<>();
        List<PlannedStep> steps = ledger.steps();
        for (int i = 0; i < steps.size(); i++) {
            List<UnitResult.Fix> changed = ledger.changedFixes(i);
            if (!changed.isEmpty()) {
                for (String h : steps.get(i).step().notifies()) {
                    notified.computeIfAbsent(h, k -> new ArrayList<>()).addAll(changed);
                }
            }
        }
        boolean ran = false;
        for (PlannedStep h : handlers) {
            if (!notified.containsKey(h.name())) {
                continue;
            }
            if (!h.bound()) {
                ledger.handler(asHandler(HostLedger.of(h, StepStatus.FAILED, h.bindError(), 0)));
                continue;
            }
            if (!(h.module() instanceof ActionModule a)) {
                ledger.handler(asHandler(HostLedger.of(h, StepStatus.FAILED,
                        "a handler must be an action module (e.g. iis.apppool.recycle)", 0)));
                continue;
            }
            if (stopped()) {
                ledger.handler(asHandler(HostLedger.of(h, StepStatus.SKIPPED, "not run: run interrupted", 0)));
                continue;
            }
            FixAttempt attempt;
            try {
                attempt = runMutating(session, h, a.phase(), a.actionAfter(h.args(), notified.get(h.name())), null);
            } catch (RemoteException e) {
                ledger.handler(HostLedger.actionStep(h, new FixAttempt.Lost(a.phase(),
                        "the connection was lost while it ran: " + e.getMessage(), 0), true));
                throw e;
            }
            ledger.handler(HostLedger.actionStep(h, attempt, true));
            ran = true;
        }
        return ran;
    }

    private static StepResult asHandler(StepResult r) {
        return new StepResult(r.playbook(), r.step(), r.module(), r.status(), r.before(), r.after(), r.expected(),
                r.message(), r.durationMs(), true, r.needsApproval(), r.evidence(), r.blockedBy(), r.implied());
    }

    private static long elapsed(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
