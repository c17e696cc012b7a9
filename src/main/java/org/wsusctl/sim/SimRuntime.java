package org.wsusctl.sim;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a fleet shares across all its hosts. Handlers never sleep: latency, PowerShell start-up and
 * held Receives are timers on one scheduler thread, and the work they release runs on the worker pool. So
 * the pool only needs threads for actual work (parsing, the model, socket writes): 64 serve the 100-200
 * concurrent clients a 1000-host run drives, and idle threads die off. A full queue makes the accepting
 * thread do the work itself, which slows intake instead of dropping requests.
 */
final class SimRuntime {
    static final int WORKERS = 64;
    final ThreadPoolExecutor workers;
    final ScheduledThreadPoolExecutor timers;

    SimRuntime() {
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                daemon("wsusctl-sim-worker-"), new ThreadPoolExecutor.CallerRunsPolicy());
        workers.allowCoreThreadTimeOut(true);
        timers = new ScheduledThreadPoolExecutor(1, daemon("wsusctl-sim-timer-"));
        timers.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code task} on a worker after {@code delayMs}; at once on the calling thread when there is no delay. */
    void later(long delayMs, Runnable task) {
        if (delayMs <= 0) {
            task.run();
        } else {
            timers.schedule(() -> workers.execute(task), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Runs {@code task} on a worker after {@code delayMs}; with no delay, on a worker at once when
     * {@code offThisThread} (the caller is a network event loop, which must never block), else on the caller.
     */
    void later(long delayMs, Runnable task, boolean offThisThread) {
        if (delayMs <= 0 && offThisThread) {
            workers.execute(task);
        } else {
            later(delayMs, task);
        }
    }

    /** A timer whose task runs on a worker. */
    ScheduledFuture<?> schedule(long delayMs, Runnable task) {
        return timers.schedule(() -> workers.execute(task), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        timers.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
