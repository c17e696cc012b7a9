package org.wsusctl.remote.winrm;

import io.cloudsoft.winrm4j.client.ShellCommand;
import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.retry.RetryPolicy;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.xml.ws.soap.SOAPFaultException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.remote.PsOutput;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShell;

/**
 * One WinRM shell on one host: Create once, then Command/Receive/Signal per command, Delete on close.
 *
 * <p>Every winrm4j call runs on a worker thread of the factory while the caller waits on a future. That
 * is what makes {@link #close()} from another thread (the engine's deadline watchdog) end a blocked
 * {@link #run} at once: close fails the caller's future and interrupts the worker, whatever CXF is
 * blocked in. It also makes the caller's own interrupt work: the wait is interruptible, the interrupt
 * flag is restored, and the shell is abandoned, since its state is unknown.
 */
final class WinRmShell implements RemoteShell {
    private static final Logger LOG = LogManager.getLogger(WinRmShell.class);

    private final URI endpoint;
    private final String user;
    private final AuthScheme scheme;
    private final TransportSettings settings;
    private final ExecutorService workers;
    private final AtomicInteger requests = new AtomicInteger();
    /**
     * Dropped (with {@link #shell}) once the shell is released: the engine keeps every finished host's run until
     * its batch ends, and a winrm4j client holds a whole CXF service model and HTTP client (~200 KB); kept, they
     * made the heap grow by that much per host ({@code make bench}, 1000 hosts).
     */
    private volatile WinRmClient client;
    /** The CXF client proxies behind {@link #client}, closed on release ({@link CxfClients} says why). */
    private final List<java.io.Closeable> cxfClients = new CopyOnWriteArrayList<>();

    private volatile boolean established;
    private volatile boolean aborted;

    // guarded by this
    private boolean closed;
    private CompletableFuture<?> inFlight;
    private Future<?> inFlightTask;
    private ShellCommand shell;

    /** Marks a caller's future failed by close(); never escapes this class. */
    private static final class Aborted extends Exception {
        Aborted() {
            super("shell closed", null, false, false);
        }
    }

    /**
     * @param clients builds the winrm4j client given the retry policy to use (the policy reads this
     *                shell's state, so the shell exists first)
     */
    WinRmShell(URI endpoint, String user, AuthScheme scheme, TransportSettings settings, ExecutorService workers,
            Function<RetryPolicy, WinRmClient> clients) {
        this.endpoint = endpoint;
        this.user = user;
        this.scheme = scheme;
        this.settings = settings;
        this.workers = workers;
        this.client = CxfClients.capture(cxfClients,
                () -> clients.apply(new TransientFailureRetryPolicy(settings, () -> established, () -> aborted)));
    }

    /** Creates the remote shell; retries WS-Man quota faults (too many shells/operations) with backoff. */
    void create() throws RemoteException {
        ShellCommand created = call("creating the shell", () -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    WinRmClient c = client;
                    if (c == null) {
                        throw new IllegalStateException("shell closed");
                    }
                    return c.createShell();
                } catch (SOAPFaultException e) {
                    WsManFault fault = WsManFault.of(e);
                    if (!fault.isQuota() || attempt > settings.retries() || aborted) {
                        throw e;
                    }
                    long pause = settings.pauseMillisBefore(attempt);
                    LOG.info("{}: {}; retrying shell creation in {} ms", endpoint, fault.describe(), pause);
                    Thread.sleep(pause);
                }
            }
        });
        boolean lateClose;
        synchronized (this) {
            shell = created;
            lateClose = closed;
        }
        established = true;
        if (lateClose) {
            release(created);
        }
    }

    @Override
    public PsOutput run(String commandLine) throws RemoteException {
        ShellCommand s;
        boolean isClosed;
        synchronized (this) {
            s = shell;
            isClosed = closed;
        }
        if (s == null && isClosed) {
            throw new RemoteException.Cancelled(endpoint + ": shell already closed (host deadline?) before running a command",
                    null);
        }
        if (s == null) {
            throw new RemoteException.ProtocolError(endpoint + ": no shell (creation failed)", null);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = call("running a command", () -> s.execute(commandLine, out, err));
        return new PsOutput(exit, out.toString(), err.toString());
    }

    @Override
    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        CompletableFuture<?> flight;
        Future<?> task;
        ShellCommand s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            flight = inFlight;
            task = inFlightTask;
            s = shell;
            if (flight != null) {
                aborted = true;
            }
        }
        if (flight == null) {
            release(s);
            return;
        }
        LOG.debug("{}: closing the shell while a request is in flight; aborting it", endpoint);
        flight.completeExceptionally(new Aborted());
        task.cancel(true);
        // Delete the shell off the caller's thread: against a hung host it waits up to the read timeout.
        try {
            workers.execute(() -> release(s));
        } catch (java.util.concurrent.RejectedExecutionException factoryClosed) {
            WinRmClient c = client;
            client = null;
            if (c != null) {
                c.close();
            }
            closeCxfClients();
        }
    }

    /** Deletes the remote shell (best effort) and frees the client's HTTP resources. */
    private void release(ShellCommand s) {
        try {
            if (s != null) {
                RequestCounter.bind(requests, () -> {
                    s.close();
                    return null;
                });
            }
        } catch (Exception | LinkageError e) {
            LOG.debug("{}: deleting the shell failed: {}", endpoint, e.toString());
        } finally {
            WinRmClient c = client;
            client = null;
            synchronized (this) {
                shell = null;
            }
            try {
                if (c != null) {
                    c.close();
                }
            } catch (RuntimeException e) {
                LOG.debug("{}: closing the client failed: {}", endpoint, e.toString());
            }
            closeCxfClients();
        }
    }

    private void closeCxfClients() {
        for (java.io.Closeable cxf : cxfClients) {
            try {
                cxf.close();
            } catch (java.io.IOException | RuntimeException e) {
                LOG.debug("{}: closing the CXF client failed: {}", endpoint, e.toString());
            }
        }
        cxfClients.clear();
    }

    /** Runs {@code op} on a worker, counting its requests, abortable by close() and by interrupts. */
    private <T> T call(String what, Callable<T> op) throws RemoteException {
        if (Thread.currentThread().isInterrupted()) {
            // Never start a request (above all a fix) on an interrupted thread.
            throw new RemoteException.Cancelled(endpoint + ": interrupted before " + what, null);
        }
        CompletableFuture<T> outcome = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                throw new RemoteException.Cancelled(endpoint + ": shell already closed (host deadline?) before "
                        + what, null);
            }
            inFlight = outcome;
            try {
                inFlightTask = workers.submit(() -> {
                    try {
                        outcome.complete(RequestCounter.bind(requests, op));
                    } catch (Throwable t) {
                        outcome.completeExceptionally(t);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                inFlight = null;
                throw new RemoteException.ProtocolError(endpoint + ": transport already shut down", e);
            }
        }
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new RemoteException.Cancelled(endpoint + ": interrupted while " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Aborted || aborted) {
                throw new RemoteException.Cancelled(endpoint + ": aborted while " + what
                        + ": the shell was closed (host deadline reached)", null);
            }
            throw WinRmErrors.classify(cause, endpoint, user, scheme);
        } finally {
            synchronized (this) {
                if (inFlight == outcome) {
                    inFlight = null;
                    inFlightTask = null;
                }
            }
        }
    }
}
