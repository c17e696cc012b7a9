package org.wsusctl.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wsusctl.contract.FixOutcome;
import org.wsusctl.modules.ActionModule;
import org.wsusctl.modules.FixPolicy;
import org.wsusctl.modules.Verdict;

/**
 * What a run knows about one host's steps at any moment: the first and latest verdicts, their diagnosis, and
 * every fix attempt. Results can be drawn from it at any time, so a host cut off by its deadline or an interrupt
 * still reports the truth of what was seen and done. Thread-safe: the deadline reads it from another thread.
 */
final class HostLedger {
    private final List<PlannedStep> steps;
    private final Mode mode;
    /**
     * Per step, the first verdict it was judged by: pass 1's, or, for a step blocked there, that of the first pass
     * that unblocked it (what the report shows as {@code before}).
     */
    private List<Verdict> first;
    private List<Diagnosis.Finding> firstFindings;
    private List<Verdict> latest;
    private List<Diagnosis.Finding> findings;
    private long checkMs;
    /** Passes of facts evaluated so far, and the pass after which each step's last fix ended. */
    private int pass;
    private final List<Integer> fixedAtPass = new ArrayList<>();
    private final List<List<FixAttempt>> attempts = new ArrayList<>();
    private final List<StepResult> handlerResults = new ArrayList<>();
    /** Steps whose fix is running now (index), so a cut-off reports them unknown. */
    private int inFlight = -1;
    /** Why fixes stopped being planned (an interrupt), for the drift left behind; null when they were not. */
    private String fixesStopped;

    HostLedger(List<PlannedStep> steps, Mode mode) {
        this.steps = steps;
        this.mode = mode;
        steps.forEach(s -> {
            attempts.add(new ArrayList<>());
            fixedAtPass.add(-1);
        });
    }

    List<PlannedStep> steps() {
        return steps;
    }

    /** A pass of facts was evaluated; the first pass is also what the report shows as {@code before}. */
    synchronized List<Diagnosis.Finding> evaluated(List<Verdict> verdicts, long ms) {
        List<Diagnosis.Finding> now = Diagnosis.of(steps, verdicts);
        if (first == null) {
            first = new ArrayList<>(verdicts);
            firstFindings = new ArrayList<>(now);
            checkMs = ms;
        } else {
            for (int i = 0; i < steps.size(); i++) {
                Diagnosis.Finding was = firstFindings.get(i);
                if (was != null && was.status() == StepStatus.BLOCKED && now.get(i) != null
                        && now.get(i).status() != StepStatus.BLOCKED) {
                    first.set(i, verdicts.get(i));
                    firstFindings.set(i, now.get(i));
                }
            }
        }
        latest = verdicts;
        pass++;
        findings = now;
        return findings;
    }

    /** What the latest pass observed for a step (what a fix's journal entry records as before). */
    synchronized Map<String, Object> observed(int step) {
        Verdict v = latest == null ? null : latest.get(step);
        return v == null ? null : v.observed();
    }

    synchronized boolean attempted(int step, org.wsusctl.modules.Phase phase) {
        return attempts.get(step).stream().anyMatch(a -> a.phase() == phase);
    }

    synchronized boolean ranAny(int step) {
        return !attempts.get(step).isEmpty();
    }

    /** The results of the step's fixes that changed the host (what notifies its handlers). */
    synchronized List<org.wsusctl.remote.UnitResult.Fix> changedFixes(int step) {
        List<org.wsusctl.remote.UnitResult.Fix> out = new ArrayList<>();
        for (FixAttempt a : attempts.get(step)) {
            if (a instanceof FixAttempt.Done d && d.result().outcome() == FixOutcome.CHANGED) {
                out.add(d.result());
            }
        }
        return out;
    }

    synchronized void fixStarting(int step) {
        inFlight = step;
    }

    synchronized void fixEnded(int step, FixAttempt attempt) {
        attempts.get(step).add(attempt);
        fixedAtPass.set(step, pass);
        inFlight = -1;
    }

    synchronized void fixesStopped(String why) {
        fixesStopped = why;
    }

    synchronized String fixesStoppedWhy() {
        return fixesStopped;
    }

    synchronized void handler(StepResult r) {
        handlerResults.add(r);
    }

    /**
     * The results so far.
     *
     * @param cutOff why the host's run ended early, or null when it ran to its end
     * @param notReached the status of steps that never got a verdict (unreachable, failed)
     */
    synchronized List<StepResult> results(String cutOff, StepStatus notReached) {
        List<StepResult> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            out.add(result(i, cutOff, notReached));
        }
        out.addAll(handlerResults);
        return out;
    }

    private StepResult result(int i, String cutOff, StepStatus notReached) {
        PlannedStep p = steps.get(i);
        if (!p.bound()) {
            return of(p, StepStatus.FAILED, p.bindError(), 0);
        }
        if (p.module() instanceof ActionModule a) {
            return actionResult(p, a, attempts.get(i), i == inFlight, cutOff);
        }
        Verdict v0 = first == null ? null : first.get(i);
        if (v0 == null) {
            return of(p, notReached, cutOff == null ? "not run" : cutOff, 0);
        }
        Verdict v = latest.get(i);
        Diagnosis.Finding f = findings.get(i);
        List<FixAttempt> tried = attempts.get(i);
        long ms = checkMs + tried.stream().mapToLong(FixAttempt::durationMs).sum();
        if (i == inFlight) {
            return step(p, v0, null, StepStatus.UNKNOWN, "fix cut off mid-way (" + cutOff
                    + "): whether it changed the host is unknown", ms, List.of());
        }
        if (tried.isEmpty()) {
            if (f.status() == StepStatus.BLOCKED) {
                return step(p, v0, null, StepStatus.BLOCKED, blockedMessage(f, v), ms, f.blockedBy());
            }
            String msg = v.message();
            if (f.status() == StepStatus.FAILED && v.kind() == Verdict.Kind.UNDECIDED) {
                msg = "could not decide: " + msg;
            }
            if (f.status() == StepStatus.DRIFT && mode == Mode.APPLY) {
                msg += " (" + whyNotFixed(p) + ")";
            }
            return step(p, v0, null, f.status(), msg, ms, List.of());
        }
        String done = describe(tried);
        for (FixAttempt a : tried) {
            if (a instanceof FixAttempt.Lost l) {
                return step(p, v0, v.observed(), StepStatus.UNKNOWN, "fix outcome unknown: " + l.why(), ms, List.of());
            }
        }
        for (FixAttempt a : tried) {
            if (a instanceof FixAttempt.NotRun n) {
                return step(p, v0, v.observed(), StepStatus.FAILED, "not fixed: " + n.why(), ms, List.of());
            }
        }
        for (FixAttempt a : tried) {
            if (a instanceof FixAttempt.Broken b) {
                return step(p, v0, v.observed(), StepStatus.FAILED, "fix failed: " + b.error(), ms, List.of());
            }
        }
        boolean changed = tried.stream().anyMatch(a -> ((FixAttempt.Done) a).result().outcome() == FixOutcome.CHANGED);
        boolean failed = tried.stream().anyMatch(a -> ((FixAttempt.Done) a).result().outcome() == FixOutcome.FAILED);
        if (failed) {
            return step(p, v0, v.observed(), StepStatus.FAILED, "fix failed: " + done, ms, List.of());
        }
        if (changed && p.module() instanceof org.wsusctl.modules.CheckModule m && tried.stream().anyMatch(a ->
                a instanceof FixAttempt.Done d && d.result().outcome() == FixOutcome.CHANGED && !m.settled(d.result()))) {
            return step(p, v0, v.observed(), StepStatus.UNKNOWN, done + "; not verified", ms, List.of());
        }
        if (changed && fixedAtPass.get(i) == pass) {
            return step(p, v0, null, StepStatus.UNKNOWN, done + "; not verified"
                    + (cutOff == null ? "" : " (" + cutOff + ")"), ms, List.of());
        }
        if (f.status() == StepStatus.OK) {
            return step(p, v0, v.observed(), changed ? StepStatus.FIXED : StepStatus.OK,
                    changed ? done + "; verified: " + v.message() : "already compliant when the fix ran: " + v.message(),
                    ms, List.of());
        }
        if (!changed) {
            // Refused or unchanged by its guard: the drift stays, explained.
            StepStatus s = f.status() == StepStatus.BLOCKED ? StepStatus.BLOCKED : f.status();
            return step(p, v0, v.observed(), s, v.message() + " (fix: " + done + ")", ms, f.blockedBy());
        }
        return step(p, v0, v.observed(), StepStatus.FAILED, "fix reported " + done + " but the check still fails: "
                + (f.status() == StepStatus.BLOCKED ? blockedMessage(f, v) : v.message()), ms, List.of());
    }

    private String blockedMessage(Diagnosis.Finding f, Verdict v) {
        String seen = v.kind() == Verdict.Kind.OK || v.kind() == Verdict.Kind.DRIFT ? "; seen: " + v.message()
                : "; not checked";
        return "blocked by " + String.join(", ", f.blockedBy()) + seen;
    }

    private String whyNotFixed(PlannedStep p) {
        if (fixesStopped != null) {
            return "not fixed: " + fixesStopped;
        }
        if (p.implied()) {
            return "checked as a prerequisite only; add a step for it to fix it";
        }
        if (!p.step().fix()) {
            return "fix: false on this step";
        }
        if (p.module().fixPolicy() == FixPolicy.NONE) {
            return "report only";
        }
        if (p.module().fixPolicy() == FixPolicy.APPROVAL && !p.step().approve()) {
            return "the fix needs approve: true on the step";
        }
        return "no automatic fix";
    }

    private static String describe(List<FixAttempt> tried) {
        List<String> parts = new ArrayList<>();
        for (FixAttempt a : tried) {
            if (a instanceof FixAttempt.Done d) {
                parts.add(d.message());
            }
        }
        return String.join("; ", parts);
    }

    private StepResult actionResult(PlannedStep p, ActionModule a, List<FixAttempt> tried, boolean running,
            String cutOff) {
        if (mode == Mode.AUDIT) {
            return of(p, StepStatus.SKIPPED, "action: runs only in apply", 0);
        }
        if (running) {
            return of(p, StepStatus.UNKNOWN, "action cut off mid-way (" + cutOff + "): outcome unknown", 0);
        }
        if (tried.isEmpty()) {
            if (a.fixPolicy() == FixPolicy.APPROVAL && !p.step().approve()) {
                return of(p, StepStatus.SKIPPED, "disruptive action: runs only with approve: true", 0);
            }
            return of(p, StepStatus.SKIPPED, "not run" + (fixesStopped != null ? ": " + fixesStopped
                    : cutOff != null ? ": " + cutOff : ""), 0);
        }
        return actionStep(p, tried.get(tried.size() - 1), false);
    }

    /** The result of an action (a step or a handler) from its attempt. */
    static StepResult actionStep(PlannedStep p, FixAttempt attempt, boolean handler) {
        StepResult r;
        if (attempt instanceof FixAttempt.Done d) {
            StepStatus s = switch (d.result().outcome()) {
                case CHANGED -> StepStatus.FIXED;
                case UNCHANGED, REFUSED -> StepStatus.OK;
                case FAILED -> StepStatus.FAILED;
            };
            r = new StepResult(p.playbook(), p.name(), p.module().name(), s, d.result().before(), d.result().after(),
                    null, d.message(), d.durationMs(), handler, false, null);
        } else if (attempt instanceof FixAttempt.Lost l) {
            r = new StepResult(p.playbook(), p.name(), p.module().name(), StepStatus.UNKNOWN, null, null, null,
                    "action outcome unknown: " + l.why(), l.durationMs(), handler, false, null);
        } else if (attempt instanceof FixAttempt.NotRun n) {
            r = new StepResult(p.playbook(), p.name(), p.module().name(), StepStatus.FAILED, null, null, null,
                    "action not run: " + n.why(), n.durationMs(), handler, false, null);
        } else {
            FixAttempt.Broken b = (FixAttempt.Broken) attempt;
            r = new StepResult(p.playbook(), p.name(), p.module().name(), StepStatus.FAILED, null, null, null,
                    "action failed: " + b.error(), b.durationMs(), handler, false, null);
        }
        return r;
    }

    private StepResult step(PlannedStep p, Verdict before, Map<String, Object> after, StepStatus status, String msg,
            long ms, List<String> blockedBy) {
        boolean needsApproval = status == StepStatus.DRIFT && p.module().fixPolicy() == FixPolicy.APPROVAL
                && !p.step().approve() && p.step().fix() && !p.implied();
        return new StepResult(p.playbook(), p.name(), p.module().name(), status, before.observed(), after,
                before.expected(), msg, ms, false, needsApproval, null, blockedBy, p.implied());
    }

    static StepResult of(PlannedStep p, StepStatus status, String message, long ms) {
        return new StepResult(p.playbook(), p.name(), p.module().name(), status, null, null, null, message, ms, false,
                false, null, List.of(), p.implied());
    }
}
