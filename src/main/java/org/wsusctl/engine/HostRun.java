package org.wsusctl.engine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.inventory.Host;
import org.wsusctl.modules.FactRequest;
import org.wsusctl.modules.FactSet;
import org.wsusctl.modules.Verdict;
import org.wsusctl.remote.ProbeSession;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShell;
import org.wsusctl.remote.RemoteShellFactory;

/**
 * Runs one playbook's steps on one host over one shell. Always yields a {@link HostResult}: a host that cannot
 * be reached, throws, or passes its deadline still gets one, with every step accounted for from the
 * {@link HostLedger}.
 *
 * <p>The shell never reaches the subclass: it is wrapped at once into the session type {@code S} the engine
 * chose ({@link ProbeSession} for audit, which takes read-only scripts only), so audit code holds no handle
 * that could run a fix.
 *
 * @param <S> the session the subclass works with
 */
abstract class HostRun<S extends ProbeSession> {
    private static final Logger LOG = LogManager.getLogger(HostRun.class);

    protected final Host host;
    protected final RunListener listener;
    protected final HostLedger ledger;
    private final RemoteShellFactory shells;
    private final SessionOpener<S> sessions;
    private final AtomicBoolean aborted = new AtomicBoolean();
    private volatile RemoteShell shell;
    private volatile S session;
    private volatile String abortReason;
    /**
     * The thread opening the shell, while it does. Until the shell exists there is nothing to close, so an
     * abort interrupts this thread instead (the transport's wait for the shell is interruptible). Only that
     * wait is ever interrupted: an interrupt elsewhere could close the journal's file channel.
     */
    private Thread connecting;
    private boolean interruptedByAbort;
    /** The sections every pass gathers: those of every bound check step, in gathering order. */
    protected final List<FactRequest> requests;

    protected final boolean batch;

    HostRun(Host host, HostLedger ledger, RemoteShellFactory shells, SessionOpener<S> sessions,
            RunListener listener, boolean batch) {
        this.host = host;
        this.ledger = ledger;
        this.shells = shells;
        this.sessions = sessions;
        this.listener = listener;
        this.batch = batch;
        this.requests = Gathering.requests(ledger.steps());
    }

    /**
     * Runs the steps, starting with the first pass of facts that was staged into the shell as it was created.
     *
     * @param first the first pass, as staged; run it with {@code session.runStaged}
     */
    protected abstract void execute(S session, PsInvocation.Staged first) throws RemoteException;

    /** Gathers and evaluates a pass of facts; returns the findings. */
    protected final List<Diagnosis.Finding> pass(List<org.wsusctl.remote.UnitResult> gathered, long startNanos) {
        FactSet facts = Gathering.read(requests, gathered);
        lastFacts = facts;
        List<Verdict> verdicts = Gathering.evaluate(ledger.steps(), facts);
        return ledger.evaluated(verdicts, (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** The facts of the latest pass. */
    protected FactSet lastFacts;

    HostResult run() {
        long start = System.nanoTime();
        listener.hostStarted(host.name());
        String hostMessage = null;
        try {
            PsInvocation.Staged first = ProbeSession.stage(Gathering.calls(requests), batch);
            RemoteShell s = connect(first.environment());
            shell = s;
            if (aborted.get()) {
                s.close();
            }
            try {
                S opened = sessions.open(s, batch);
                session = opened;
                execute(opened, first);
            } finally {
                s.close();
            }
        } catch (RemoteException.Unreachable | RemoteException.AuthRejected e) {
            if (shell == null) {
                return finish(start, HostStatus.UNREACHABLE, e.getMessage(), StepStatus.UNREACHABLE);
            }
            hostMessage = e.getMessage();
        } catch (RemoteException.TimedOut | RemoteException.Cancelled e) {
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
    private RemoteShell connect(Map<String, String> environment) throws RemoteException {
        synchronized (this) {
            if (aborted.get()) {
                throw new RemoteException.Cancelled(host.connection().endpoint() + ": not connected", null);
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

    /**
     * @param cutOff why the run ended before its end, or null
     * @param notReached the status of steps that never got a verdict
     */
    private HostResult finish(long start, HostStatus forced, String cutOff, StepStatus notReached) {
        List<StepResult> done = ledger.results(cutOff, notReached);
        HostStatus status = forced != null ? forced : statusOf(done);
        RemoteShell s = shell;
        S sess = session;
        int requests = s == null ? 0 : s.requestCount();
        HostResult result = new HostResult(host.name(), host.connection().endpoint().toString(), status,
                List.copyOf(done), cutOff, requests, sess == null ? 0 : sess.invocations(),
                (System.nanoTime() - start) / 1_000_000, java.util.Optional.empty());
        done.forEach(r -> listener.stepFinished(host.name(), r));
        listener.hostFinished(result);
        return result;
    }

    /**
     * A host whose non-ok steps are all drift or blocked is drifted; failed means the tool could not do its job on
     * a host it reached (a failed or unknown step); unreachable outranks both.
     */
    static HostStatus statusOf(List<StepResult> steps) {
        boolean failed = false, drift = false, fixed = false, unreachable = false;
        for (StepResult r : steps) {
            switch (r.status()) {
                case FAILED, UNKNOWN -> failed = true;
                case DRIFT, BLOCKED -> drift = true;
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
