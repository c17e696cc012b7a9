package org.wsusctl.remote;

import org.wsusctl.inventory.Host;

/** Opens shells on hosts. The WinRM implementation lives in {@code remote.winrm}. */
public interface RemoteShellFactory extends AutoCloseable {

    RemoteShell open(Host host) throws RemoteException;

    @Override
    default void close() { }
}
