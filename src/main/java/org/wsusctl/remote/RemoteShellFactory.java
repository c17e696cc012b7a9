package org.wsusctl.remote;

import org.wsusctl.inventory.Host;

/** Opens shells on hosts. The WinRM implementation lives in {@code remote.winrm}. */
public interface RemoteShellFactory extends AutoCloseable {

    RemoteShell open(Host host) throws RemoteException;

    /**
     * Opens a shell whose processes see these environment variables (WinRM's {@code rsp:Environment} on
     * Create): how large check batches reach the host without passing cmd.exe's command-line limit.
     */
    default RemoteShell open(Host host, java.util.Map<String, String> environment) throws RemoteException {
        if (!environment.isEmpty()) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot set shell environment");
        }
        return open(host);
    }

    @Override
    default void close() { }
}
