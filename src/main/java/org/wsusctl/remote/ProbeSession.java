package org.wsusctl.remote;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wsusctl.remote.ScriptKind.ReadOnly;

/**
 * Read-only access to one host: the only remote handle audit code ever receives. It accepts
 * {@link ReadOnly} scripts and nothing else, and never exposes the shell it runs them on.
 */
public class ProbeSession {
    private final RemoteShell shell;
    private final boolean batch;
    private int invocations;
    private int unitCounter;
    /** The first pass as staged when the shell was created: what the shell's environment holds. */
    private PsInvocation.Staged staged;

    /**
     * @param batch {@code true}: all checks of a call share one PowerShell process (the default);
     *              {@code false}: one process per check ({@code --no-batch}, for comparison)
     */
    public ProbeSession(RemoteShell shell, boolean batch) {
        this.shell = shell;
        this.batch = batch;
    }

    /**
     * Plans the read-only calls known before the shell opens (see {@link PsInvocation#stage}); open the shell with
     * the returned environment, then {@link #runStaged}.
     */
    public static PsInvocation.Staged stage(List<ScriptCall<ReadOnly>> calls, boolean batch) {
        List<PsInvocation.Unit> units = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            units.add(new PsInvocation.Unit("f" + (i + 1), calls.get(i)));
        }
        return PsInvocation.stage(units, batch);
    }

    /**
     * Runs staged calls; results in the order they were staged. {@code staged} must be what the shell was created
     * with: later passes read the preamble from its environment, and a re-gather of the same calls runs it again.
     */
    public List<UnitResult> runStaged(PsInvocation.Staged staged) throws RemoteException {
        this.staged = staged;
        return new ArrayList<>(run(staged).values());
    }

    /**
     * Runs read-only calls decided after the shell opened; results in the order of {@code calls}. The same calls as
     * the staged first pass (a re-gather) run from the shell's environment again: one short command line instead
     * of the whole batch's text.
     */
    public List<UnitResult> runChecks(List<ScriptCall<ReadOnly>> calls) throws RemoteException {
        if (staged != null && staged.runs(calls)) {
            return new ArrayList<>(run(staged).values());
        }
        List<PsInvocation.Unit> units = new ArrayList<>();
        for (ScriptCall<ReadOnly> c : calls) {
            units.add(new PsInvocation.Unit(nextUnitId(), c));
        }
        return new ArrayList<>(runUnits(units).values());
    }

    /**
     * Units decided after the shell opened: sent on the command line, packed to fit, with the preamble from the
     * shell's environment when it was staged there.
     */
    final Map<String, UnitResult> runUnits(List<PsInvocation.Unit> units) throws RemoteException {
        boolean preambleInEnv = staged != null && staged.preambleInEnvironment();
        List<List<PsInvocation.Unit>> batches = batch ? PsInvocation.pack(units, preambleInEnv)
                : units.stream().map(List::of).toList();
        return run(new PsInvocation.Staged(batches,
                batches.stream().map(b -> PsInvocation.commandLine(b, preambleInEnv)).toList(), Map.of()));
    }

    /** One PowerShell process per staged batch; results keyed by unit id, in order. */
    private Map<String, UnitResult> run(PsInvocation.Staged plan) throws RemoteException {
        Map<String, UnitResult> all = new LinkedHashMap<>();
        for (int i = 0; i < plan.batches().size(); i++) {
            invocations++;
            PsOutput out = shell.run(plan.commandLines().get(i));
            all.putAll(UnitResults.parse(plan.batches().get(i), out));
        }
        return all;
    }

    final String nextUnitId() {
        return "u" + (++unitCounter);
    }

    /** PowerShell processes started on this host so far. */
    public int invocations() {
        return invocations;
    }

    public int requests() {
        return shell.requestCount();
    }
}
