package org.wsusctl.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Host deadlines that measure the host, not the controller. Each {@link #TICK_MS} a timer adds to every
 * running host's clock the time its thread spent waiting for something outside this process. Not counted
 * is the time the host's thread
 * <ul>
 *   <li>was blocked on a monitor (a lock of the controller's: at {@code --forks 1000}, hundreds of hosts
 *       queue on CXF's WSDL cache lock while their clients are built),</li>
 *   <li>ran on a CPU or waited for one (the controller's work, and its run queue: Linux's per-thread
 *       scheduler statistics; elsewhere the thread's CPU time only),</li>
 *   <li>was {@linkplain Clock#queued() queued} in one of our own queues (a group's {@code max_parallel_fixes}),</li>
 * </ul>
 * and every host's clock slows down while this process's threads queue for a CPU ({@link CpuContention}):
 * the threads that carry a host's requests (and, for simulated hosts, the simulator) are then waiting for
 * the controller, whatever the host does. A tick adds at most {@link #MAX_TICK_MS}: a late tick means the
 * process did not get to run (a GC pause, a stalled machine).
 * Before, {@code --forks 1000 --timeout 10} on 300 healthy hosts failed half of them: their clocks ran while
 * they waited in the controller's queue.
 *
 * <p>A hard cap of {@link #HARD_CAP_FACTOR} deadlines of wall time (at least {@link #HARD_CAP_MIN}) still
 * ends a host whatever its clock says, so no accounting can hold a run forever. Thread-safe.
 */
final class DeadlineWatch implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(DeadlineWatch.class);
    static final long TICK_MS = 100;
    /** Timer jitter of a loaded but healthy machine is still counted; beyond this, a late tick is the controller's. */
    static final long MAX_TICK_MS = 2 * TICK_MS;
    static final int HARD_CAP_FACTOR = 10;
    static final Duration HARD_CAP_MIN = Duration.ofSeconds(120);
    /** Without Linux's scheduler statistics: this process using this share of all its CPUs is saturated. */
    static final double SATURATED = 0.85;

    private final Duration deadline;
    private final Set<Clock> clocks = ConcurrentHashMap.newKeySet();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean blockedTimes;
    private final boolean cpuTimes;
    private final CpuContention contention = CpuContention.create();
    private final Executor expiries;
    private final ScheduledFuture<?> ticker;

    /**
     * @param timer runs the ticks: it must not be used for anything slow, or every host's clock stalls
     * @param expiries runs the expiry callbacks (aborting a host closes its shell, which may take a while)
     */
    DeadlineWatch(Duration deadline, ScheduledExecutorService timer, Executor expiries) {
        this.deadline = deadline;
        this.expiries = expiries;
        this.blockedTimes = enableContentionMonitoring(threads);
        this.cpuTimes = threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled();
        this.ticker = timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private static boolean enableContentionMonitoring(ThreadMXBean threads) {
        try {
            if (threads.isThreadContentionMonitoringSupported()) {
                threads.setThreadContentionMonitoringEnabled(true);
                return true;
            }
        } catch (UnsupportedOperationException | SecurityException e) {
            LOG.debug("thread contention monitoring unavailable: {}", e.toString());
        }
        return false;
    }

    /**
     * Starts the clock of a host running on the calling thread.
     *
     * @param onExpiry called once, on the expiry executor, when the host's own time passes the deadline
     */
    Clock start(Runnable onExpiry) {
        Clock c = new Clock(Thread.currentThread(), SchedStat.ofCurrentThread(), onExpiry);
        clocks.add(c);
        return c;
    }

    private void tick() {
        try {
            double waiting = contention.waitingShare();
            List<Clock> all = List.copyOf(clocks);
            long[] ids = all.stream().mapToLong(c -> c.thread.getId()).toArray();
            ThreadInfo[] infos = blockedTimes && ids.length > 0 ? threads.getThreadInfo(ids, 0)
                    : new ThreadInfo[ids.length];
            long now = System.nanoTime();
            for (int i = 0; i < all.size(); i++) {
                Clock c = all.get(i);
                long blockedMs = infos[i] == null ? -1 : infos[i].getBlockedTime();
                long busyNs = c.sched.busyNanos();
                if (busyNs < 0 && cpuTimes) {
                    busyNs = threads.getThreadCpuTime(ids[i]);
                }
                c.advance(now, waiting, blockedMs, busyNs);
            }
        } catch (RuntimeException e) {
            // Never let one bad sample end the ticker: the hard cap would then be all that is left.
            LOG.debug("deadline tick failed", e);
        }
    }

    @Override
    public void close() {
        ticker.cancel(false);
        clocks.clear();
    }

    /** Ends a {@link Clock#queued()} wait. */
    interface Queued extends AutoCloseable {
        @Override
        void close();

        Queued NONE = () -> { };
    }

    /** One host's clock. */
    final class Clock implements AutoCloseable {
        private final Thread thread;
        private final SchedStat sched;
        private final Runnable onExpiry;
        private final long startedNanos = System.nanoTime();
        private long lastNanos = startedNanos;
        private long lastBlockedMs = -1;
        private long lastBusyNs = -1;
        private volatile long hostNanos;
        private volatile boolean queued;
        private volatile long expiredAtNanos;
        private long excludedNanos;
        private long slowedNanos;
        private long queuedNanos;

        private Clock(Thread thread, SchedStat sched, Runnable onExpiry) {
            this.thread = thread;
            this.sched = sched;
            this.onExpiry = onExpiry;
        }

        private synchronized void advance(long now, double waiting, long blockedMs, long busyNs) {
            if (expiredAtNanos != 0) {
                return;
            }
            long wall = now - lastNanos;
            long blocked = blockedMs >= 0 && lastBlockedMs >= 0 ? (blockedMs - lastBlockedMs) * 1_000_000 : 0;
            long busy = busyNs >= 0 && lastBusyNs >= 0 ? busyNs - lastBusyNs : 0;
            lastNanos = now;
            lastBlockedMs = blockedMs;
            lastBusyNs = busyNs;
            if (!queued) {
                long own = Math.min(Math.max(0, wall - blocked - busy), MAX_TICK_MS * 1_000_000);
                long counted = (long) (own * (1 - waiting));
                hostNanos += counted;
                excludedNanos += wall - own;
                slowedNanos += own - counted;
            } else {
                queuedNanos += wall;
            }
            boolean hardCap = now - startedNanos >= hardCapNanos();
            if (hostNanos >= deadline.toNanos() || hardCap) {
                expiredAtNanos = now;
                LOG.debug("deadline of the host on {}: {} ms its own; not counted: {} ms its thread was blocked, on or"
                        + " waiting for a CPU, {} ms the controller's threads queued for a CPU, {} ms queued{}",
                        thread.getName(), hostNanos / 1_000_000, excludedNanos / 1_000_000, slowedNanos / 1_000_000,
                        queuedNanos / 1_000_000,
                        hardCap && hostNanos < deadline.toNanos() ? "; the hard cap of " + hardCapNanos() / 1_000_000_000
                                + " s wall time passed" : "");
                expiries.execute(onExpiry);
            }
        }

        private long hardCapNanos() {
            return Math.max(deadline.toNanos() * HARD_CAP_FACTOR, HARD_CAP_MIN.toNanos());
        }

        /** The host's own time so far. */
        Duration hostTime() {
            return Duration.ofNanos(hostNanos);
        }

        /** Nanos since the deadline passed, or -1 while it has not. */
        long sinceExpiryNanos() {
            long at = expiredAtNanos;
            return at == 0 ? -1 : System.nanoTime() - at;
        }

        /**
         * Stops this clock while the host waits in a queue of the controller's own; closing the returned
         * handle starts it again.
         */
        Queued queued() {
            queued = true;
            return () -> queued = false;
        }

        @Override
        public void close() {
            clocks.remove(this);
        }
    }

    /**
     * Linux's scheduler statistics of one thread ({@code /proc/self/task/TID/schedstat}: time on a CPU and
     * time runnable but waiting for one). Found from the thread itself, through {@code /proc/thread-self}.
     */
    static final class SchedStat {
        private static final SchedStat NONE = new SchedStat(null);
        private final Path file;

        private SchedStat(Path file) {
            this.file = file;
        }

        static SchedStat ofCurrentThread() {
            try {
                Path self = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "PID/task/TID"
                Path f = Path.of("/proc/self/task").resolve(self.getFileName()).resolve("schedstat");
                SchedStat s = new SchedStat(f);
                return s.busyNanos() >= 0 ? s : NONE;
            } catch (IOException | RuntimeException e) {
                return NONE;
            }
        }

        /** On a CPU plus waiting for one, in nanoseconds; -1 when not available. */
        long busyNanos() {
            if (file == null) {
                return -1;
            }
            try {
                String[] f = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim().split("\\s+");
                return Long.parseLong(f[0]) + Long.parseLong(f[1]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /**
     * How much this process's threads queue for a CPU: over the last {@link #WINDOW_MS}, the share of the
     * time its threads wanted a CPU that they spent waiting for one (Linux: the sum of every thread's
     * scheduler statistics), counted only while on average at least {@link #QUEUED_THREADS} of them were
     * waiting: a run whose only host hangs has little work of its own, and the odd wait of a timer on a busy
     * machine must not stretch that host's deadline. Near 1 when our work queues behind other work, ours or
     * not. Without {@code /proc}, 1 while the process uses nearly all its CPUs, else 0.
     */
    abstract static class CpuContention {
        static final long WINDOW_MS = 500;
        static final double QUEUED_THREADS = 1.0;

        abstract double waitingShare();

        static CpuContention create() {
            Path tasks = Path.of("/proc/self/task");
            if (Files.isDirectory(tasks) && SchedStat.ofCurrentThread() != SchedStat.NONE) {
                return new FromSchedStat(tasks);
            }
            ProcessLoad load = new ProcessLoad();
            return new CpuContention() {
                @Override
                double waitingShare() {
                    return load.saturated() ? 1 : 0;
                }
            };
        }

        private static final class FromSchedStat extends CpuContention {
            private final Path tasks;
            private long lastRun = -1;
            private long lastWait;
            private long lastSample;
            private double share;

            FromSchedStat(Path tasks) {
                this.tasks = tasks;
            }

            @Override
            synchronized double waitingShare() {
                long now = System.nanoTime();
                if (lastRun >= 0 && now - lastSample < WINDOW_MS * 1_000_000) {
                    return share;
                }
                long run = 0;
                long wait = 0;
                try (var all = Files.newDirectoryStream(tasks)) {
                    for (Path t : all) {
                        try {
                            String[] f = new String(Files.readAllBytes(t.resolve("schedstat")),
                                    StandardCharsets.US_ASCII).trim().split("\\s+");
                            run += Long.parseLong(f[0]);
                            wait += Long.parseLong(f[1]);
                        } catch (IOException | RuntimeException e) {
                            // a thread that ended meanwhile
                        }
                    }
                } catch (IOException e) {
                    return share;
                }
                if (lastRun >= 0) {
                    // threads that ended take their totals with them: never let that read as negative
                    long dRun = Math.max(0, run - lastRun);
                    long dWait = Math.max(0, wait - lastWait);
                    double queued = (double) dWait / (now - lastSample);
                    share = queued < QUEUED_THREADS || dRun + dWait == 0 ? 0 : (double) dWait / (dRun + dWait);
                }
                lastRun = run;
                lastWait = wait;
                lastSample = now;
                return share;
            }
        }
    }

    /** This process's CPU time against all its CPUs since the previous tick. */
    private static final class ProcessLoad {
        private final com.sun.management.OperatingSystemMXBean os =
                ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean s
                        ? s : null;
        private final int cpus = Math.max(1, Runtime.getRuntime().availableProcessors());
        private long lastCpu = -1;
        private long lastWall;

        synchronized boolean saturated() {
            if (os == null) {
                return false;
            }
            long cpu = os.getProcessCpuTime();
            long wall = System.nanoTime();
            boolean saturated = lastCpu >= 0 && cpu >= 0 && wall > lastWall
                    && (double) (cpu - lastCpu) / ((double) (wall - lastWall) * cpus) >= SATURATED;
            lastCpu = cpu;
            lastWall = wall;
            return saturated;
        }
    }
}
