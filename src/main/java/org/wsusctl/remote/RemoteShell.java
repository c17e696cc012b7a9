package org.wsusctl.remote;

/**
 * One open WinRM shell on one host, reused for every command of a run on that host
 * (one Create and one Delete per host instead of per command).
 */
public interface RemoteShell extends AutoCloseable {

    /** Runs one command line (cmd.exe syntax, as WinRM's cmd shell takes it). */
    PsOutput run(String commandLine) throws RemoteException;

    /** WinRM requests this shell has made so far (Create, Command, Receive, Signal, Delete). */
    int requestCount();

    /** Deletes the shell; never throws. */
    @Override
    void close();
}
