package org.wsusctl.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
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
 *   <li>ran on a CPU or waited for one (the controller's own work: a tick that finds the thread runnable in
 *       Java code counts nothing; one that finds it in a native method, a system call such as a socket read,
 *       counts all but the CPU time it used),</li>
 *   <li>was {@linkplain Clock#queued() queued} in one of our own queues (a group's {@code max_parallel_fixes}),</li>
 * </ul>
 * and what is left is slowed down by how much this process's threads queue for a CPU
 * ({@link ProcessContention}): then the threads that carry a host's requests (and, for simulated hosts, the
 * simulator) wait for the controller, whatever the host does. A tick adds at most {@link #MAX_TICK_MS}: a late
 * tick means the process did not get to run (a GC pause, a stalled machine). Before, {@code --forks 1000
 * --timeout 10} on 300 healthy hosts failed half of them: their clocks ran while they waited in the
 * controller's queue.
 *
 * <p>A hard cap of {@link #HARD_CAP_FACTOR} deadlines of wall time (at least {@link #HARD_CAP_MIN}) still
 * ends a host whatever its clock says, so no accounting can hold a run forever. Thread-safe.
 */
final class DeadlineWatch implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(DeadlineWatch.class);
    static final long TICK_MS = 250;
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
    private final ProcessLoad load = new ProcessLoad();
    private final ProcessContention contention = new ProcessContention(Path.of("/proc/self/task"));
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
        Clock c = new Clock(Thread.currentThread(), onExpiry);
        clocks.add(c);
        return c;
    }

    private void tick() {
        try {
            List<Clock> all = List.copyOf(clocks);
            long now = System.nanoTime();
            double waiting = contention(all, now);
            long[] ids = all.stream().mapToLong(c -> c.thread.getId()).toArray();
            ThreadInfo[] infos = blockedTimes && ids.length > 0 ? threads.getThreadInfo(ids, 1)
                    : new ThreadInfo[ids.length];
            for (int i = 0; i < all.size(); i++) {
                Clock c = all.get(i);
                long blockedMs = infos[i] == null ? -1 : infos[i].getBlockedTime();
                long cpuNs = cpuTimes ? threads.getThreadCpuTime(ids[i]) : -1;
                c.advance(now, waiting, controllers(infos[i]), blockedMs, cpuNs);
            }
        } catch (RuntimeException e) {
            // Never let one bad sample end the ticker: the hard cap would then be all that is left.
            LOG.debug("deadline tick failed", e);
        }
    }

    /**
     * True when the thread, as sampled, is working for or waiting on the controller: blocked on a monitor, or
     * runnable in Java code (on a CPU or queued for one). A runnable thread in a native method is in a system
     * call (a socket read from a host) and is waiting for the host, less the CPU time it used.
     */
    private static boolean controllers(ThreadInfo info) {
        if (info == null) {
            return false;
        }
        if (info.getThreadState() == Thread.State.BLOCKED) {
            return true;
        }
        if (info.getThreadState() != Thread.State.RUNNABLE) {
            return false;
        }
        StackTraceElement[] top = info.getStackTrace();
        return top.length == 0 || !top[0].isNativeMethod();
    }

    /**
     * How much this process's threads queue for a CPU, 0 to 1 ({@link ProcessContention}); without Linux's
     * scheduler statistics, 1 while the process uses nearly all its CPUs.
     */
    private double contention(List<Clock> all, long now) {
        if (all.isEmpty()) {
            return 0;
        }
        double share = contention.share(now);
        return share >= 0 ? share : load.saturated() ? 1 : 0;
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

        private Clock(Thread thread, Runnable onExpiry) {
            this.thread = thread;
            this.onExpiry = onExpiry;
        }

        private synchronized void advance(long now, double waiting, boolean controllers, long blockedMs,
                long busyNs) {
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
                long own = controllers ? 0 : Math.min(Math.max(0, wall - blocked - busy), MAX_TICK_MS * 1_000_000);
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
                LOG.debug("deadline of the host on {}: {} ms its own; not counted: {} ms its thread was blocked or on a CPU,"
                        + " {} ms the controller's threads queued for a CPU, {} ms queued{}",
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
     * How much this process's threads queue for a CPU (Linux: {@code /proc/self/task/TID/schedstat}, time on
     * a CPU and time runnable but waiting for one). Each {@link #WINDOW_MS}, a random sample of up to
     * {@link #SAMPLE} of the process's threads is read twice; the share of the time they wanted a CPU that
     * they spent waiting for one is the contention, counted only while, scaled to all threads, at least
     * {@link #QUEUED_THREADS} of ours wait on average: a run whose only host hangs has no work of its own, and
     * the odd wait of a timer on a busy machine must not stretch that host's deadline. A sample, not every
     * thread: reading hundreds of /proc files per tick cost a tenth of a CPU.
     */
    static final class ProcessContention {
        static final long WINDOW_MS = TICK_MS;
        static final int SAMPLE = 32;
        static final double QUEUED_THREADS = 1.0;
        private final Path tasks;
        private final java.util.Random random = new java.util.Random();
        private java.util.Map<Path, long[]> baseline;
        private int threadsAtBaseline;
        private long baselineAt;
        /** Until a first window is measured, nothing is known: count nothing rather than fail a host early. */
        private double share = 1;
        private boolean available = true;

        ProcessContention(Path tasks) {
            this.tasks = tasks;
        }

        /** The contention of the last full window, 0 to 1; -1 when /proc cannot tell. */
        synchronized double share(long now) {
            if (!available) {
                return -1;
            }
            if (baseline != null && now - baselineAt < WINDOW_MS * 1_000_000) {
                return share;
            }
            if (baseline != null) {
                long run = 0;
                long wait = 0;
                int sampled = 0;
                for (java.util.Map.Entry<Path, long[]> e : baseline.entrySet()) {
                    long[] cur = read(e.getKey());
                    if (cur != null) { // null: the thread ended meanwhile
                        run += Math.max(0, cur[0] - e.getValue()[0]);
                        wait += Math.max(0, cur[1] - e.getValue()[1]);
                        sampled++;
                    }
                }
                double queued = sampled == 0 ? 0
                        : (double) wait / (now - baselineAt) * threadsAtBaseline / sampled;
                share = queued < QUEUED_THREADS || run + wait == 0 ? 0 : (double) wait / (run + wait);
            }
            java.util.List<Path> all = new java.util.ArrayList<>();
            try (var dir = Files.newDirectoryStream(tasks)) {
                dir.forEach(all::add);
            } catch (IOException | RuntimeException e) {
                available = false;
                return -1;
            }
            java.util.Collections.shuffle(all, random);
            baseline = new java.util.HashMap<>();
            for (Path t : all.subList(0, Math.min(SAMPLE, all.size()))) {
                long[] v = read(t.resolve("schedstat"));
                if (v != null) {
                    baseline.put(t.resolve("schedstat"), v);
                }
            }
            if (baseline.isEmpty()) {
                available = false;
                return -1;
            }
            threadsAtBaseline = all.size();
            baselineAt = now;
            return share;
        }

        /** The first two numbers of a schedstat file (on a CPU, waiting for one), or null. Parsed by hand. */
        static long[] read(Path file) {
            byte[] b;
            try {
                b = Files.readAllBytes(file);
            } catch (IOException | RuntimeException e) {
                return null;
            }
            long[] out = new long[2];
            int field = 0;
            boolean inNumber = false;
            for (int i = 0; i < b.length && field < 2; i++) {
                int d = b[i] - '0';
                if (d >= 0 && d <= 9) {
                    out[field] = out[field] * 10 + d;
                    inNumber = true;
                } else if (inNumber) {
                    field++;
                    inNumber = false;
                }
            }
            return field == 2 || (field == 1 && inNumber) ? out : null;
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
