package org.wsusctl.remote;

import java.util.List;
import org.wsusctl.remote.ScriptKind.Mutating;

/** Read and write access to one host. Only the apply path constructs one. */
public final class FixSession extends ProbeSession {

    public FixSession(RemoteShell shell, boolean batch) {
        super(shell, batch);
    }

    /** Runs one fix or action in its own PowerShell process. */
    public UnitResult runFix(ScriptCall<Mutating> call) throws RemoteException {
        PsInvocation.Unit unit = new PsInvocation.Unit(nextUnitId(), call);
        return runUnits(List.of(unit)).get(unit.id());
    }
}
