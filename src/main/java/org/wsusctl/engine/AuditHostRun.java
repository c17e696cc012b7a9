package org.wsusctl.engine;

import org.wsusctl.inventory.Host;
import org.wsusctl.remote.ProbeSession;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShellFactory;

/**
 * Audit of one host: one pass of facts in one PowerShell process, evaluated and diagnosed; nothing else. It
 * holds only a {@link ProbeSession}, which takes read-only scripts; there is no code path here that could send or
 * even plan a fix.
 */
final class AuditHostRun extends HostRun<ProbeSession> {

    AuditHostRun(Host host, HostLedger ledger, RemoteShellFactory shells, SessionOpener<ProbeSession> sessions,
            RunListener listener, boolean batch) {
        super(host, ledger, shells, sessions, listener, batch);
    }

    @Override
    protected void execute(ProbeSession session, PsInvocation.Staged first) throws RemoteException {
        long t0 = System.nanoTime();
        pass(session.runStaged(first), t0);
    }
}
