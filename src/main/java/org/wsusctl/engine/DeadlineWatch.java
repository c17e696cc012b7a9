package org.wsusctl.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Host deadlines that measure the host, not the controller. A host's clock is advanced by a timer that
 * ticks every {@link #TICK_MS}, and each tick adds the time the host's thread spent waiting for something
 * outside this process, which excludes the time the thread
 * <ul>
 *   <li>was blocked on a monitor (a lock of the controller's own: at {@code --forks 1000}, hundreds of hosts
 *       queue on CXF's WSDL cache lock while their clients are built),</li>
 *   <li>ran on a CPU (the controller's own work: building scripts and clients, parsing answers),</li>
 *   <li>was {@linkplain Clock#queued() queued} in one of our own queues (a group's {@code max_parallel_fixes}),</li>
 * </ul>
 * and each tick adds at most {@link #MAX_TICK_MS}: a tick that fires late says that runnable threads of
 * this process waited for a CPU (or the JVM paused), and that wait is the controller's, not the host's. So
 * under overload the host clocks slow down with the controller instead of failing healthy hosts: before,
 * {@code --forks 1000 --timeout 10} on 300 healthy hosts failed half of them.
 *
 * <p>A hard cap of {@link #HARD_CAP_FACTOR} deadlines of wall time (at least {@link #HARD_CAP_MIN}) still
 * ends a host whatever its clock says, so no accounting error can hold a run forever. Thread-safe.
 */
final class DeadlineWatch implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(DeadlineWatch.class);
    static final long TICK_MS = 100;
    /** Timer jitter of a loaded but healthy machine is still counted; beyond this, a late tick is the controller's. */
    static final long MAX_TICK_MS = 2 * TICK_MS;
    static final int HARD_CAP_FACTOR = 5;
    static final Duration HARD_CAP_MIN = Duration.ofSeconds(60);

    private final Duration deadline;
    private final Set<Clock> clocks = ConcurrentHashMap.newKeySet();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean blockedTimes;
    private final boolean cpuTimes;
    private final java.util.concurrent.Executor expiries;
    private final ScheduledFuture<?> ticker;

    /**
     * @param timer runs the ticks: it must not be used for anything slow, or every host's clock stalls
     * @param expiries runs the expiry callbacks (aborting a host closes its shell, which may take a while)
     */
    DeadlineWatch(Duration deadline, ScheduledExecutorService timer, java.util.concurrent.Executor expiries) {
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
     * @param onExpiry called once, on the timer thread, when the host's own time passes the deadline
     */
    Clock start(Runnable onExpiry) {
        Clock c = new Clock(Thread.currentThread(), onExpiry);
        clocks.add(c);
        return c;
    }

    /** The deadline as configured (what messages name). */
    Duration deadline() {
        return deadline;
    }

    private void tick() {
        try {
            List<Clock> all = List.copyOf(clocks);
            long[] ids = all.stream().mapToLong(c -> c.thread.getId()).toArray();
            ThreadInfo[] infos = blockedTimes ? threads.getThreadInfo(ids, 0) : new ThreadInfo[ids.length];
            long now = System.nanoTime();
            for (int i = 0; i < all.size(); i++) {
                Clock c = all.get(i);
                long blockedMs = infos[i] == null ? -1 : infos[i].getBlockedTime();
                long cpuNs = cpuTimes ? threads.getThreadCpuTime(ids[i]) : -1;
                c.advance(now, blockedMs, cpuNs);
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
        private final Runnable onExpiry;
        private final long startedNanos = System.nanoTime();
        private long lastNanos = startedNanos;
        private long lastBlockedMs = -1;
        private long lastCpuNs = -1;
        private volatile long hostNanos;
        private volatile boolean queued;
        private volatile long expiredAtNanos;

        private Clock(Thread thread, Runnable onExpiry) {
            this.thread = thread;
            this.onExpiry = onExpiry;
        }

        private synchronized void advance(long now, long blockedMs, long cpuNs) {
            if (expiredAtNanos != 0) {
                return;
            }
            long wall = now - lastNanos;
            long blocked = blockedMs >= 0 && lastBlockedMs >= 0 ? (blockedMs - lastBlockedMs) * 1_000_000 : 0;
            long cpu = cpuNs >= 0 && lastCpuNs >= 0 ? cpuNs - lastCpuNs : 0;
            lastNanos = now;
            lastBlockedMs = blockedMs;
            lastCpuNs = cpuNs;
            if (!queued) {
                hostNanos += Math.min(Math.max(0, wall - blocked - cpu), MAX_TICK_MS * 1_000_000);
            }
            boolean hardCap = now - startedNanos >= hardCapNanos();
            if (hostNanos >= deadline.toNanos() || hardCap) {
                expiredAtNanos = now;
                if (hardCap && hostNanos < deadline.toNanos()) {
                    LOG.debug("host on {} passed the hard cap of {} s wall time", thread.getName(),
                            hardCapNanos() / 1_000_000_000);
                }
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
}
