package org.wsusctl.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A host's deadline counts the time it makes us wait, not the time its thread waits for the controller
 * (issue 14, finding 7): a lock of ours, a CPU, our own queues.
 */
class DeadlineWatchTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final DeadlineWatch watch = new DeadlineWatch(Duration.ofMillis(500), timer, Runnable::run);

    @AfterEach
    void stop() {
        watch.close();
        timer.shutdownNow();
    }

    @Test
    void timeWaitingForTheHostCounts() throws Exception {
        AtomicBoolean expired = new AtomicBoolean();
        try (DeadlineWatch.Clock c = watch.start(() -> expired.set(true))) {
            Thread.sleep(1_500); // like waiting for an answer
            assertTrue(expired.get(), "waited " + c.hostTime());
        }
    }

    /** A thread in a socket read (runnable, in a system call) waits for the host: that counts. */
    @Test
    void timeInASocketReadCounts() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), silent.getLocalPort())) {
            s.setSoTimeout(1_500);
            AtomicBoolean expired = new AtomicBoolean();
            try (DeadlineWatch.Clock c = watch.start(() -> expired.set(true))) {
                try {
                    s.getInputStream().read(); // a host that never answers
                } catch (java.net.SocketTimeoutException e) {
                    // expected
                }
                assertTrue(expired.get(), "1.5 s waiting on a socket: " + c.hostTime());
            }
        }
    }

    @Test
    void timeBlockedOnALockOfTheControllerDoesNotCount() throws Exception {
        Object lock = new Object();
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (lock) {
                held.countDown();
                sleep(1_500);
            }
        });
        holder.start();
        held.await();
        AtomicBoolean expired = new AtomicBoolean();
        try (DeadlineWatch.Clock c = watch.start(() -> expired.set(true))) {
            synchronized (lock) {
                assertFalse(expired.get(), "1.5 s blocked on our own lock counted as the host's: " + c.hostTime());
            }
        }
        holder.join();
    }

    @Test
    void timeOnACpuDoesNotCount() {
        AtomicBoolean expired = new AtomicBoolean();
        try (DeadlineWatch.Clock c = watch.start(() -> expired.set(true))) {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
            long x = 0;
            while (System.nanoTime() < until) {
                x += Long.numberOfTrailingZeros(x + System.nanoTime());
            }
            assertFalse(expired.get(), "1.5 s of our own CPU work counted as the host's: " + c.hostTime() + x % 1);
        }
    }

    @Test
    void timeInOurOwnQueueDoesNotCount() {
        AtomicBoolean expired = new AtomicBoolean();
        try (DeadlineWatch.Clock c = watch.start(() -> expired.set(true))) {
            try (DeadlineWatch.Queued q = c.queued()) {
                sleep(1_500);
            }
            assertFalse(expired.get(), "1.5 s in max_parallel_fixes' queue counted as the host's: " + c.hostTime());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
