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

    /** Runs staged calls; results in the order they were staged. */
    public List<UnitResult> runStaged(PsInvocation.Staged staged) throws RemoteException {
        return new ArrayList<>(run(staged).values());
    }

    /** Runs read-only calls decided after the shell opened; results in the order of {@code calls}. */
    public List<UnitResult> runChecks(List<ScriptCall<ReadOnly>> calls) throws RemoteException {
        List<PsInvocation.Unit> units = new ArrayList<>();
        for (ScriptCall<ReadOnly> c : calls) {
            units.add(new PsInvocation.Unit(nextUnitId(), c));
        }
        return new ArrayList<>(runUnits(units).values());
    }

    /** Units decided after the shell opened: sent inline, packed to fit the command line. */
    final Map<String, UnitResult> runUnits(List<PsInvocation.Unit> units) throws RemoteException {
        List<List<PsInvocation.Unit>> batches = batch ? PsInvocation.pack(units)
                : units.stream().map(List::of).toList();
        return run(new PsInvocation.Staged(batches, batches.stream().map(PsInvocation::commandLine).toList(),
                Map.of()));
    }

    /** One PowerShell process per staged batch; results keyed by unit id, in order. */
    private Map<String, UnitResult> run(PsInvocation.Staged staged) throws RemoteException {
        Map<String, UnitResult> all = new LinkedHashMap<>();
        for (int i = 0; i < staged.batches().size(); i++) {
            invocations++;
            PsOutput out = shell.run(staged.commandLines().get(i));
            all.putAll(UnitResults.parse(staged.batches().get(i), out));
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
