package org.wsusctl.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.inventory.Host;
import org.wsusctl.remote.ProbeSession;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.ReadOnly;
import org.wsusctl.remote.RemoteShell;
import org.wsusctl.remote.RemoteShellFactory;

/**
 * Runs one playbook's steps on one host over one shell. Always yields a {@link HostResult}: a host that
 * cannot be reached, throws, or passes its deadline still gets one, with every step accounted for.
 */
abstract class HostRun {
    private static final Logger LOG = LogManager.getLogger(HostRun.class);

    protected final Host host;
    protected final List<PlannedStep> steps;
    protected final RunListener listener;
    private final RemoteShellFactory shells;
    /** Results in step order, published as they are made so a deadline can report what was learned. */
    private final List<StepResult> results = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean aborted = new AtomicBoolean();
    private volatile RemoteShell shell;
    private volatile String abortReason;
    private volatile int invocations;
    /**
     * The thread opening the shell, while it does. Until the shell exists there is nothing to close, so an
     * abort interrupts this thread instead (the transport's wait for the shell is interruptible). Only that
     * wait is ever interrupted: an interrupt elsewhere could close the journal's file channel.
     */
    private Thread connecting;
    private boolean interruptedByAbort;

    protected final boolean batch;

    HostRun(Host host, List<PlannedStep> steps, RemoteShellFactory shells, RunListener listener, boolean batch) {
        this.host = host;
        this.steps = steps;
        this.shells = shells;
        this.listener = listener;
        this.batch = batch;
    }

    /**
     * The checks to run first, known before connecting: every bound check step, staged into the shell as
     * it is created.
     */
    protected final List<ScriptCall<ReadOnly>> firstChecks() {
        List<ScriptCall<ReadOnly>> calls = new ArrayList<>();
        for (PlannedStep p : steps) {
            if (p.bound() && p.module() instanceof org.wsusctl.modules.CheckModule m) {
                calls.add(m.check(p.args()));
            }
        }
        return calls;
    }

    /**
     * Runs the steps on an open shell, calling {@link #record} for each result as it is known.
     *
     * @param first {@link #firstChecks()} as staged; run it with {@code ProbeSession.runStaged}
     */
    protected abstract void execute(RemoteShell shell, PsInvocation.Staged first) throws RemoteException;

    /** PowerShell processes started so far (the session knows). */
    protected abstract int sessionInvocations();

    HostResult run() {
        long start = System.nanoTime();
        listener.hostStarted(host.name());
        String hostMessage = null;
        try {
            PsInvocation.Staged first = ProbeSession.stageChecks(firstChecks(), batch);
            RemoteShell s = connect(first.environment());
            shell = s;
            if (aborted.get()) {
                s.close();
            }
            try {
                execute(s, first);
            } finally {
                invocations = sessionInvocations();
                s.close();
            }
        } catch (RemoteException.Unreachable | RemoteException.AuthRejected e) {
            if (shell == null) {
                return finish(start, HostStatus.UNREACHABLE, e.getMessage(), StepStatus.UNREACHABLE);
            }
            hostMessage = e.getMessage();
        } catch (RemoteException.TimedOut e) {
            if (shell == null) {
                // No shell yet: the host did not answer in time to connect (unreachable, not failed).
                String why = aborted.get() ? host.connection().endpoint() + ": no answer while connecting; "
                        + abortReason : e.getMessage();
                return finish(start, HostStatus.UNREACHABLE, why, StepStatus.UNREACHABLE);
            }
            hostMessage = aborted.get() ? abortReason : e.getMessage();
        } catch (RemoteException e) {
            hostMessage = e.getMessage();
        } catch (RuntimeException e) {
            LOG.debug("host {} failed unexpectedly", host.name(), e);
            hostMessage = "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (aborted.get() && hostMessage == null) {
            hostMessage = abortReason;
        }
        return finish(start, null, hostMessage, StepStatus.FAILED);
    }

    /**
     * Tears the shell down from another thread (deadline or interrupt); the blocked call then fails. Before
     * a shell exists (a host that accepts TCP but never answers Create) the host's thread is interrupted.
     */
    void abort(String reason) {
        abortReason = reason;
        if (aborted.compareAndSet(false, true)) {
            RemoteShell s = shell;
            if (s != null) {
                s.close();
                return;
            }
            synchronized (this) {
                // Still connecting (a host that accepts but never answers): nothing to close, so end the wait.
                if (connecting != null) {
                    interruptedByAbort = true;
                    connecting.interrupt();
                }
            }
        }
    }

    /** Opens the shell; an abort meanwhile interrupts the wait, and one before it skips connecting. */
    private RemoteShell connect(java.util.Map<String, String> environment) throws RemoteException {
        synchronized (this) {
            if (aborted.get()) {
                throw new RemoteException.TimedOut(host.connection().endpoint() + ": not connected", null);
            }
            connecting = Thread.currentThread();
        }
        try {
            return shells.open(host, environment);
        } finally {
            synchronized (this) {
                connecting = null;
                if (interruptedByAbort) {
                    interruptedByAbort = false;
                    Thread.interrupted(); // ours: do not leak it into the rest of this host or the next one
                }
            }
        }
    }

    boolean isAborted() {
        return aborted.get();
    }

    /** What is known now, for a host whose thread did not come back after an abort. */
    HostResult snapshot(long startNanos, String message) {
        return finish(startNanos, null, message, StepStatus.FAILED);
    }

    protected void record(StepResult r) {
        results.add(r);
        listener.stepFinished(host.name(), r);
    }

    private HostResult finish(long start, HostStatus forced, String message, StepStatus missingStatus) {
        List<StepResult> done;
        synchronized (results) {
            done = new ArrayList<>(results);
        }
        // Every planned step appears once: those never reached take the status of why.
        for (int i = (int) done.stream().filter(r -> !r.handler()).count(); i < steps.size(); i++) {
            PlannedStep p = steps.get(i);
            String why = message == null ? "not run" : message;
            done.add(StepResults.of(p, p.bound() ? missingStatus : StepStatus.FAILED,
                    p.bound() ? why : p.bindError(), 0));
        }
        HostStatus status = forced != null ? forced : HostStatus.COMPLIANT;
        if (forced == null) {
            status = statusOf(done);
        }
        RemoteShell s = shell;
        int requests = s == null ? 0 : s.requestCount();
        HostResult result = new HostResult(host.name(), host.connection().endpoint().toString(), status,
                List.copyOf(done), message, requests, invocations, (System.nanoTime() - start) / 1_000_000,
                java.util.Optional.empty());
        listener.hostFinished(result);
        return result;
    }

    static HostStatus statusOf(List<StepResult> steps) {
        boolean failed = false, drift = false, fixed = false, unreachable = false;
        for (StepResult r : steps) {
            switch (r.status()) {
                case FAILED, UNKNOWN -> failed = true;
                case DRIFT -> drift = true;
                case FIXED -> fixed = true;
                case UNREACHABLE -> unreachable = true;
                default -> { }
            }
        }
        if (unreachable) {
            return HostStatus.UNREACHABLE;
        }
        if (failed) {
            return HostStatus.FAILED;
        }
        if (drift) {
            return HostStatus.DRIFTED;
        }
        return fixed ? HostStatus.FIXED : HostStatus.COMPLIANT;
    }
}
