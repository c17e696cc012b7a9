package org.wsusctl.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.inventory.Group;
import org.wsusctl.inventory.Host;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;
import org.wsusctl.playbook.Playbook;
import org.wsusctl.playbook.Step;
import org.wsusctl.remote.FixSession;
import org.wsusctl.remote.ProbeSession;
import org.wsusctl.remote.RemoteShellFactory;

/**
 * Runs playbooks over hosts: {@code forks} hosts in parallel, each under a deadline that measures the host
 * ({@link DeadlineWatch}); in apply, in rolling batches ({@code serial}) that stop once
 * {@code max_fail_percentage} is passed. Playbooks run one after the other, like Ansible's plays; a host's
 * results from all of them are merged into one entry.
 *
 * <p>Stopping: {@link #requestStop} (SIGINT/SIGTERM) and {@code --fail-fast} stop hosts from starting, in
 * the current batch as well as later ones; a host that was never started is {@link HostStatus#NOT_STARTED}.
 * After an interrupt, running hosts get {@link #INTERRUPT_GRACE} to finish what they are doing; then every
 * host that is not in the middle of a fix is cut off, so a hung host cannot hold the run until its
 * connection times out. A fix in flight is never cut by the interrupt: it finishes or meets its deadline.
 */
public final class Engine {
    private static final Logger LOG = LogManager.getLogger(Engine.class);
    /** How long to wait for a host's thread after its deadline passed and its shell was torn down. */
    private static final long ABORT_GRACE_MS = 5_000;
    /** After an interrupt, how long running hosts may go on before those not mid-fix are cut off. */
    static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);
    static final String NOT_STARTED = "not started: ";
    static final String INTERRUPTED = "run interrupted";

    private final RemoteShellFactory shells;
    private final StepPlanner planner;
    private final Map<String, Group> groups;
    private final RunListener listener;
    private final EngineSettings settings;
    private final Clock clock;
    /** Set once: the first reason to stop starting hosts, for every playbook of the run. */
    private final AtomicReference<StopReason> globalStop = new AtomicReference<>();
    private volatile boolean stopRequested;
    /** Hosts running now, by name. */
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Host runs (host x playbook) of this run, and how many have a result: an interrupt after the last stops nothing. */
    private volatile int hostRuns = -1;
    private final AtomicInteger completed = new AtomicInteger();
    /** The interrupt came while some host run had no result yet. */
    private volatile boolean interruptedMidRun;
    private volatile ScheduledExecutorService timer;

    public Engine(RemoteShellFactory shells, ModuleRegistry modules, ArgBinder binder, Map<String, Group> groups,
            RunListener listener, EngineSettings settings, Clock clock) {
        this.shells = shells;
        this.planner = new StepPlanner(modules, binder);
        this.groups = groups;
        this.listener = listener;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Stops starting new hosts and new fixes (SIGINT). Running fixes finish or time out; hosts not in a fix
     * are cut off after {@link #INTERRUPT_GRACE}; the run then returns what it learned. May be called before
     * {@link #run}: then no host is started.
     */
    public void requestStop() {
        if (stopRequested) {
            return;
        }
        int total = hostRuns;
        interruptedMidRun = total < 0 || completed.get() < total;
        stopRequested = true;
        globalStop.compareAndSet(null, new StopReason(StopReason.Kind.INTERRUPTED, INTERRUPTED));
        ScheduledExecutorService t = timer;
        if (t != null) {
            try {
                t.schedule(this::cutOffAfterInterrupt, INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("interrupt after the run ended");
            }
        }
    }

    private void cutOffAfterInterrupt() {
        for (Running r : running.values()) {
            if (r.cutOffUnlessFixing()) {
                LOG.info("host {}: cut off after the interrupt", r.host);
            }
        }
    }

    public RunResult run(Mode mode, List<PlaybookPlan> plans) {
        Instant started = clock.instant();
        int total = (int) plans.stream().flatMap(p -> p.hosts().stream()).map(Host::name).distinct().count();
        hostRuns = plans.stream().mapToInt(p -> p.hosts().size()).sum();
        listener.runStarted(mode, total);
        Map<String, HostResult> merged = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(settings.forks(), namedThreads("wsusctl-host-"));
        ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(namedThreads("wsusctl-clock-"));
        ExecutorService aborts = Executors.newCachedThreadPool(namedThreads("wsusctl-abort-"));
        timer = Executors.newSingleThreadScheduledExecutor(namedThreads("wsusctl-timer-"));
        if (stopRequested) {
            // interrupted before the run began: the cut-off was not scheduled then
            timer.schedule(this::cutOffAfterInterrupt, INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        Map<Thread, DeadlineWatch.Clock> clockOf = new ConcurrentHashMap<>();
        FixGate gate = new FixGate(groups, () -> {
            DeadlineWatch.Clock c = clockOf.get(Thread.currentThread());
            return c == null ? DeadlineWatch.Queued.NONE : c.queued();
        });
        List<StopReason> planStops = new ArrayList<>();
        try (DeadlineWatch deadlines = new DeadlineWatch(settings.hostDeadline(), ticks, aborts)) {
            Batches batches = new Batches(mode, pool, deadlines, clockOf, gate);
            for (PlaybookPlan plan : plans) {
                for (HostResult r : runPlan(batches, plan, planStops)) {
                    merged.merge(r.name(), r, Engine::mergeHosts);
                }
            }
        } finally {
            pool.shutdownNow();
            ticks.shutdownNow();
            aborts.shutdownNow();
            timer.shutdownNow();
        }
        List<HostResult> hosts = List.copyOf(merged.values());
        boolean notStarted = hosts.stream().anyMatch(h -> h.status() == HostStatus.NOT_STARTED);
        StopReason global = globalStop.get();
        // An interrupt after every host had its result stopped nothing: the results are complete.
        boolean interrupted = stopRequested && interruptedMidRun;
        Optional<StopReason> reason = Optional.empty();
        if (global != null && (global.kind() != StopReason.Kind.INTERRUPTED || interrupted)) {
            reason = Optional.of(global);
        } else if (!planStops.isEmpty()) {
            reason = Optional.of(planStops.get(0));
        }
        RunResult result = new RunResult(mode, plans.stream().map(p -> p.playbook().source().toString()).toList(),
                started, clock.instant(), hosts, interrupted, notStarted, reason);
        listener.runFinished(result);
        return result;
    }

    /** What every batch of the run shares. */
    private record Batches(Mode mode, ExecutorService pool, DeadlineWatch deadlines,
            Map<Thread, DeadlineWatch.Clock> clockOf, FixGate gate) { }

    private List<HostResult> runPlan(Batches b, PlaybookPlan plan, List<StopReason> planStops) {
        Playbook pb = plan.playbook();
        List<Host> hosts = plan.hosts();
        int batchSize = b.mode() == Mode.APPLY && pb.serial().isPresent()
                ? pb.serial().get().batchSize(hosts.size()) : Math.max(1, hosts.size());
        List<HostResult> results = new ArrayList<>();
        StopReason planStop = null;
        int failedSoFar = 0;
        for (int from = 0; from < hosts.size(); from += batchSize) {
            List<Host> batch = hosts.subList(from, Math.min(hosts.size(), from + batchSize));
            StopReason stop = globalStop.get() != null ? globalStop.get() : planStop;
            if (stop != null) {
                for (Host h : batch) {
                    results.add(notStarted(h, pb, stop));
                }
                continue;
            }
            List<HostResult> done = runBatch(b, pb, batch);
            results.addAll(done);
            failedSoFar += (int) done.stream().filter(r -> r.status() == HostStatus.FAILED
                    || r.status() == HostStatus.UNREACHABLE).count();
            int processed = from + batch.size();
            if (b.mode() == Mode.APPLY && pb.maxFailPercentage().isPresent()
                    && failedSoFar * 100.0 / processed > pb.maxFailPercentage().getAsInt()) {
                planStop = new StopReason(StopReason.Kind.MAX_FAIL_PERCENTAGE, "rolling apply stopped: " + failedSoFar
                        + " of " + processed + " hosts failed or were unreachable, above max_fail_percentage "
                        + pb.maxFailPercentage().getAsInt());
                if (processed < hosts.size()) {
                    planStops.add(planStop);
                }
            }
        }
        return results;
    }

    private List<HostResult> runBatch(Batches b, Playbook pb, List<Host> batch) {
        List<HostRun<?>> runs = new ArrayList<>();
        List<Future<HostResult>> futures = new ArrayList<>();
        List<Running> handles = new ArrayList<>();
        for (Host h : batch) {
            Running handle = new Running(h.name());
            HostRun<?> run = newRun(b, pb, h, handle);
            handle.run = run;
            runs.add(run);
            handles.add(handle);
            futures.add(b.pool().submit(() -> runOne(b, pb, h, run, handle)));
        }
        List<HostResult> results = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            results.add(await(futures.get(i), runs.get(i), handles.get(i), batch.get(i), pb));
            completed.incrementAndGet();
        }
        return results;
    }

    /** One host, on a pool thread: unless the run has stopped by now, under its deadline. */
    private HostResult runOne(Batches b, Playbook pb, Host h, HostRun<?> run, Running handle) {
        running.put(h.name(), handle);
        try {
            // Checked after registering: an interrupt sweep either sees this host or this host sees the stop.
            StopReason stop = globalStop.get();
            if (stop != null) {
                handle.notStarted = true;
                return notStarted(h, pb, stop);
            }
            handle.startNanos = System.nanoTime();
            Duration deadline = settings.hostDeadline();
            try (DeadlineWatch.Clock c = b.deadlines().start(() -> run.abort("host deadline of "
                    + deadline.toSeconds() + " s passed; the host's shell was closed"))) {
                handle.clock = c;
                b.clockOf().put(Thread.currentThread(), c);
                try {
                    HostResult r = run.run();
                    failFastAfter(b.mode(), r);
                    return r;
                } finally {
                    b.clockOf().remove(Thread.currentThread());
                }
            }
        } finally {
            running.remove(h.name());
        }
    }

    /** {@code --fail-fast}: the first failed or unreachable host stops every host not yet started. */
    private void failFastAfter(Mode mode, HostResult r) {
        if (mode == Mode.APPLY && settings.failFast()
                && (r.status() == HostStatus.FAILED || r.status() == HostStatus.UNREACHABLE)) {
            if (globalStop.compareAndSet(null, new StopReason(StopReason.Kind.FAIL_FAST,
                    "stopped by --fail-fast after host " + r.name() + " " + r.status().json()))) {
                LOG.info("--fail-fast: host {} {}; no further host is started", r.name(), r.status().json());
            }
        }
    }

    /**
     * Waits for a host. A host whose deadline passed is given {@link #ABORT_GRACE_MS} to come back after its
     * shell was torn down; one that does not is reported as is.
     */
    private HostResult await(Future<HostResult> f, HostRun<?> run, Running handle, Host host, Playbook pb) {
        while (true) {
            try {
                return f.get(250, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                DeadlineWatch.Clock c = handle.clock;
                long sinceExpiry = c == null ? -1 : c.sinceExpiryNanos();
                if (sinceExpiry > TimeUnit.MILLISECONDS.toNanos(ABORT_GRACE_MS)) {
                    run.abort("host did not finish within its deadline");
                    f.cancel(true);
                    return run.snapshot(handle.startNanos, "host did not finish within "
                            + settings.hostDeadline().toSeconds() + " s; abandoned");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                requestStop();
                run.abort(INTERRUPTED);
                return handle.startNanos == 0 ? notStarted(host, pb, globalStop.get())
                        : run.snapshot(handle.startNanos, INTERRUPTED);
            } catch (ExecutionException e) {
                LOG.debug("host {} crashed", host.name(), e.getCause());
                return run.snapshot(handle.startNanos == 0 ? System.nanoTime() : handle.startNanos,
                        "internal error: " + e.getCause());
            }
        }
    }

    private HostRun<?> newRun(Batches b, Playbook pb, Host host, Running handle) {
        Map<String, Object> vars = new LinkedHashMap<>(pb.vars());
        vars.putAll(host.vars());
        HostLedger ledger = new HostLedger(planner.steps(pb, vars), b.mode());
        RunListener tracked = new FixTracking(listener, handle);
        if (b.mode() == Mode.AUDIT) {
            return new AuditHostRun(host, ledger, shells, ProbeSession::new, tracked, settings.batch());
        }
        return new ApplyHostRun(host, ledger, planner.handlers(pb, vars), shells, FixSession::new, tracked,
                settings.batch(), b.gate(), () -> stopRequested);
    }

    /** A host the run never started: nothing was sent to it, so nothing is known about it. */
    private HostResult notStarted(Host host, Playbook pb, StopReason why) {
        String message = NOT_STARTED + (why == null ? INTERRUPTED : why.message());
        List<StepResult> steps = new ArrayList<>();
        for (Step s : pb.steps()) {
            steps.add(new StepResult(pb.source().toString(), s.name(), s.module(), StepStatus.SKIPPED, null, null,
                    null, message, 0, false, false, null));
        }
        HostResult r = new HostResult(host.name(), host.connection().endpoint().toString(), HostStatus.NOT_STARTED,
                steps, message, 0, 0, 0, Optional.empty());
        listener.hostFinished(r);
        return r;
    }

    private static HostResult mergeHosts(HostResult a, HostResult b) {
        List<StepResult> steps = new ArrayList<>(a.steps());
        steps.addAll(b.steps());
        HostStatus status = worse(a.status(), b.status());
        String message = a.message() == null ? b.message()
                : b.message() == null ? a.message() : a.message() + "; " + b.message();
        return new HostResult(a.name(), a.endpoint(), status, List.copyOf(steps), message,
                a.winrmRequests() + b.winrmRequests(), a.invocations() + b.invocations(),
                a.durationMs() + b.durationMs(), a.simulated());
    }

    /**
     * Severity order for a host seen by several playbooks: unreachable, failed, drifted, not started (a
     * playbook never looked at it), fixed, compliant.
     */
    private static HostStatus worse(HostStatus x, HostStatus y) {
        List<HostStatus> order = List.of(HostStatus.UNREACHABLE, HostStatus.FAILED, HostStatus.DRIFTED,
                HostStatus.NOT_STARTED, HostStatus.FIXED, HostStatus.COMPLIANT);
        return order.indexOf(x) <= order.indexOf(y) ? x : y;
    }

    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * One host while it runs: whether a fix is in flight (from the fix events: from {@code fixStarting} to the
     * step's result, which comes after the verifying check), so that an interrupt cuts off only hosts that are
     * not changing anything. A host that is mid-fix when the interrupt's grace ends is not cut later: it
     * finishes under its deadline, so the fix's verification and the host's remaining checks are reported.
     */
    private static final class Running {
        final String host;
        volatile HostRun<?> run;
        volatile DeadlineWatch.Clock clock;
        volatile long startNanos;
        volatile boolean notStarted;
        private boolean fixing;
        private boolean cutOff;

        Running(String host) {
            this.host = host;
        }

        /** Cuts the host off unless a fix is in flight; true when it did. */
        synchronized boolean cutOffUnlessFixing() {
            if (fixing || cutOff || notStarted || run == null || startNanos == 0) {
                return false;
            }
            // startNanos is set before the host's run begins; a host between registering and that is handled
            // by its own check of the stop.
            cutOff = true;
            run.abort(INTERRUPTED + "; the host was cut off while no fix was running on it");
            return true;
        }

        /** False once the host was cut off: its fix must not start. */
        synchronized boolean beginFix() {
            if (cutOff) {
                return false;
            }
            fixing = true;
            return true;
        }

        synchronized void endFix() {
            fixing = false;
        }
    }

    /** Passes every event on, and tells {@link Running} when a fix is in flight. */
    private static final class FixTracking implements RunListener {
        private final RunListener next;
        private final Running handle;

        FixTracking(RunListener next, Running handle) {
            this.next = next;
            this.handle = handle;
        }

        @Override
        public void runStarted(Mode mode, int hosts) {
            next.runStarted(mode, hosts);
        }

        @Override
        public void hostStarted(String host) {
            next.hostStarted(host);
        }

        @Override
        public void stepFinished(String host, StepResult step) {
            try {
                next.stepFinished(host, step);
            } finally {
                handle.endFix(); // a fix ends with its step's result, after the verifying check
            }
        }

        @Override
        public void hostFinished(HostResult host) {
            try {
                next.hostFinished(host);
            } finally {
                handle.endFix();
            }
        }

        @Override
        public void fixStarting(String host, String module, String step, Map<String, Object> before) {
            if (!handle.beginFix()) {
                throw new FixNotRecorded("not started: " + INTERRUPTED + " and the host was cut off", null);
            }
            try {
                next.fixStarting(host, module, step, before);
            } catch (RuntimeException e) {
                handle.endFix();
                throw e;
            }
        }

        @Override
        public void fixFinished(String host, String module, String step, String action, Map<String, Object> before,
                Map<String, Object> after) {
            // Still in flight: the step's result (after the verifying check) ends the fix, in stepFinished.
            next.fixFinished(host, module, step, action, before, after);
        }

        @Override
        public void runFinished(RunResult result) {
            next.runFinished(result);
        }
    }
}
