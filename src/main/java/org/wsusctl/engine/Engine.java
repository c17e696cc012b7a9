package org.wsusctl.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.wsusctl.inventory.Group;
import org.wsusctl.inventory.Host;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.playbook.Playbook;
import org.wsusctl.playbook.Step;
import org.wsusctl.remote.FixSession;
import org.wsusctl.remote.ProbeSession;
import org.wsusctl.remote.RemoteShellFactory;

/**
 * Runs playbooks over hosts: {@code forks} hosts in parallel, each under a deadline; in apply, in rolling
 * batches ({@code serial}) that stop once {@code max_fail_percentage} is passed. Playbooks run one after
 * the other, like Ansible's plays; a host's results from all of them are merged into one entry.
 */
public final class Engine {
    private static final Logger LOG = LogManager.getLogger(Engine.class);
    /** How long to wait for a host's thread after tearing its shell down, before reporting it as is. */
    private static final long ABORT_GRACE_MS = 5_000;

    private final RemoteShellFactory shells;
    private final StepPlanner planner;
    private final Map<String, Group> groups;
    private final RunListener listener;
    private final EngineSettings settings;
    private final Clock clock;
    private volatile boolean stopRequested;

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
     * Stops starting new hosts and new fixes (SIGINT). Running fixes finish or time out; the run then
     * returns what it learned.
     */
    public void requestStop() {
        stopRequested = true;
    }

    public RunResult run(Mode mode, List<PlaybookPlan> plans) {
        Instant started = clock.instant();
        int total = (int) plans.stream().flatMap(p -> p.hosts().stream()).map(Host::name).distinct().count();
        listener.runStarted(mode, total);
        Map<String, HostResult> merged = new LinkedHashMap<>();
        // Set by notStarted(): some host of this run was never started (rolling stop or interrupt).
        AtomicBoolean stoppedEarly = new AtomicBoolean();
        FixGate gate = new FixGate(groups);
        ThreadFactory named = namedThreads();
        ExecutorService pool = Executors.newFixedThreadPool(settings.forks(), named);
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(named);
        try {
            for (PlaybookPlan plan : plans) {
                List<HostResult> results = runPlan(mode, plan, gate, pool, watchdog, stoppedEarly);
                for (HostResult r : results) {
                    merged.merge(r.name(), r, Engine::mergeHosts);
                }
            }
        } finally {
            pool.shutdownNow();
            watchdog.shutdownNow();
        }
        RunResult result = new RunResult(mode, plans.stream().map(p -> p.playbook().source().toString()).toList(),
                started, clock.instant(), List.copyOf(merged.values()), stopRequested, stoppedEarly.get());
        listener.runFinished(result);
        return result;
    }

    static final String NOT_STARTED = "not started: ";

    private List<HostResult> runPlan(Mode mode, PlaybookPlan plan, FixGate gate, ExecutorService pool,
            ScheduledExecutorService watchdog, AtomicBoolean stoppedEarly) {
        Playbook pb = plan.playbook();
        List<Host> hosts = plan.hosts();
        int batchSize = mode == Mode.APPLY && pb.serial().isPresent()
                ? pb.serial().get().batchSize(hosts.size()) : Math.max(1, hosts.size());
        List<HostResult> results = new ArrayList<>();
        String stopWhy = null;
        int failedSoFar = 0;
        for (int from = 0; from < hosts.size(); from += batchSize) {
            List<Host> batch = hosts.subList(from, Math.min(hosts.size(), from + batchSize));
            if (stopWhy == null && stopRequested) {
                stopWhy = "run interrupted";
            }
            if (stopWhy != null) {
                for (Host h : batch) {
                    results.add(notStarted(h, pb, stopWhy, stoppedEarly));
                }
                continue;
            }
            List<HostResult> done = runBatch(mode, pb, batch, gate, pool, watchdog, stoppedEarly);
            results.addAll(done);
            failedSoFar += (int) done.stream().filter(r -> r.status() == HostStatus.FAILED
                    || r.status() == HostStatus.UNREACHABLE).count();
            if (mode == Mode.APPLY) {
                int processed = from + batch.size();
                if (pb.maxFailPercentage().isPresent()
                        && failedSoFar * 100.0 / processed > pb.maxFailPercentage().getAsInt()) {
                    stopWhy = "rolling apply stopped: " + failedSoFar + " of " + processed
                            + " hosts failed or were unreachable, above max_fail_percentage "
                            + pb.maxFailPercentage().getAsInt();
                } else if (settings.failFast() && failedSoFar > 0) {
                    stopWhy = "rolling apply stopped by --fail-fast after a failed host";
                }
            }
        }
        return results;
    }

    private List<HostResult> runBatch(Mode mode, Playbook pb, List<Host> batch, FixGate gate, ExecutorService pool,
            ScheduledExecutorService watchdog, AtomicBoolean stoppedEarly) {
        List<HostRun<?>> runs = new ArrayList<>();
        List<Future<HostResult>> futures = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (Host h : batch) {
            HostRun<?> run = newRun(mode, pb, h, gate);
            runs.add(run);
            long[] startedAt = {System.nanoTime()};
            starts.add(startedAt[0]);
            futures.add(pool.submit(() -> {
                if (stopRequested) {
                    return notStarted(h, pb, "run interrupted", stoppedEarly);
                }
                ScheduledFuture<?> deadline = watchdog.schedule(
                        () -> run.abort("host deadline of " + settings.hostDeadline().toSeconds()
                                + " s passed; the host's shell was closed"),
                        settings.hostDeadline().toMillis(), TimeUnit.MILLISECONDS);
                try {
                    return run.run();
                } finally {
                    deadline.cancel(false);
                }
            }));
        }
        List<HostResult> results = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            results.add(await(futures.get(i), runs.get(i), starts.get(i), batch.get(i)));
        }
        return results;
    }

    /** Waits for a host; a host that does not come back after its deadline and grace is reported as is. */
    private HostResult await(Future<HostResult> f, HostRun<?> run, long startNanos, Host host) {
        long budgetMs = settings.hostDeadline().toMillis() * 2 + ABORT_GRACE_MS;
        try {
            return f.get(budgetMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            run.abort("host did not finish within its deadline");
            f.cancel(true);
            return run.snapshot(startNanos, "host did not finish within " + settings.hostDeadline().toSeconds()
                    + " s; abandoned");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestStop();
            run.abort("run interrupted");
            return run.snapshot(startNanos, "run interrupted");
        } catch (Exception e) {
            LOG.debug("host {} crashed", host.name(), e);
            return run.snapshot(startNanos, "internal error: " + e);
        }
    }

    private HostRun<?> newRun(Mode mode, Playbook pb, Host host, FixGate gate) {
        Map<String, Object> vars = new LinkedHashMap<>(pb.vars());
        vars.putAll(host.vars());
        HostLedger ledger = new HostLedger(planner.steps(pb, vars), mode);
        if (mode == Mode.AUDIT) {
            return new AuditHostRun(host, ledger, shells, ProbeSession::new, listener, settings.batch());
        }
        return new ApplyHostRun(host, ledger, planner.handlers(pb, vars), shells, FixSession::new, listener,
                settings.batch(), gate, () -> stopRequested);
    }

    private HostResult notStarted(Host host, Playbook pb, String why, AtomicBoolean stoppedEarly) {
        stoppedEarly.set(true);
        List<StepResult> steps = new ArrayList<>();
        for (Step s : pb.steps()) {
            steps.add(new StepResult(pb.source().toString(), s.name(), s.module(), StepStatus.SKIPPED, null, null,
                    null, NOT_STARTED + why, 0, false, false, null));
        }
        HostResult r = new HostResult(host.name(), host.connection().endpoint().toString(), HostStatus.FAILED,
                steps, NOT_STARTED + why, 0, 0, 0, Optional.empty());
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

    /** Severity order for a host seen by several playbooks: unreachable, failed, drifted, fixed, compliant. */
    private static HostStatus worse(HostStatus x, HostStatus y) {
        List<HostStatus> order = List.of(HostStatus.UNREACHABLE, HostStatus.FAILED, HostStatus.DRIFTED,
                HostStatus.FIXED, HostStatus.COMPLIANT);
        return order.indexOf(x) <= order.indexOf(y) ? x : y;
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "wsusctl-host-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
