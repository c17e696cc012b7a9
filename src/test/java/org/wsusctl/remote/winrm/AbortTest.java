package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShell;

/**
 * A run() blocked on a host that stopped answering ends promptly when another thread closes the shell
 * (the engine's deadline watchdog) or interrupts the caller. The host here would hold the Receive for
 * the full 20 s operation timeout.
 */
@Timeout(30)
class AbortTest {
    private static WinRmShellFactory factory;

    @BeforeAll
    static void start() {
        factory = TestHosts.factory(2, Duration.ofMillis(20), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    /** A stub whose Receive never answers; {@code receiving} opens once the Receive arrived. */
    private static StubWinRmServer hangingReceive(StubWinRmServer stub, CountDownLatch receiving) {
        return stub.onAction(StubWinRmServer.RECEIVE, (ex, action, nth, id) -> {
            receiving.countDown();
            stub.hang();
            return true;
        });
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRunCancelled() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            CountDownLatch receiving = new CountDownLatch(1);
            hangingReceive(stub, receiving);
            RemoteShell shell = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())));
            CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    shell.run("Start-Sleep 3600");
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertTrue(receiving.await(10, TimeUnit.SECONDS), "command reached the Receive");
            long t0 = System.nanoTime();
            shell.close();
            long closeMs = (System.nanoTime() - t0) / 1_000_000;
            Throwable t = outcome.get(3, TimeUnit.SECONDS);
            long endMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(t instanceof RemoteException.Cancelled, String.valueOf(t));
            assertTrue(t.getMessage().contains("closed"), t.getMessage());
            assertTrue(closeMs < 1000, "close() must not wait for the hung request: " + closeMs + " ms");
            assertTrue(endMs < 2000, "run() ends promptly: " + endMs + " ms");
            RemoteException again = assertThrows(RemoteException.class, () -> shell.run("x"));
            assertTrue(again instanceof RemoteException.Cancelled);
            assertEquals(1, stub.count(StubWinRmServer.COMMAND), "nothing ran after the abort");
        }
    }

    @Test
    void interruptingTheCallerEndsRunAndKeepsTheInterruptFlag() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            CountDownLatch receiving = new CountDownLatch(1);
            hangingReceive(stub, receiving);
            RemoteShell shell = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())));
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicBoolean flagAfter = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                try {
                    shell.run("Start-Sleep 3600");
                } catch (Throwable t) {
                    thrown.set(t);
                }
                flagAfter.set(Thread.currentThread().isInterrupted());
            });
            caller.start();
            assertTrue(receiving.await(10, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            caller.interrupt();
            caller.join(3000);
            assertTrue(!caller.isAlive(), "run() ended after the interrupt");
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 2000);
            assertTrue(thrown.get() instanceof RemoteException.Cancelled, String.valueOf(thrown.get()));
            assertTrue(thrown.get().getMessage().contains("interrupted"), thrown.get().getMessage());
            assertTrue(flagAfter.get(), "interrupt status restored for the caller");
            shell.close();
        }
    }

    @Test
    void anInterruptedThreadStartsNoCommand() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            RemoteShell shell = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())));
            Thread.currentThread().interrupt();
            try {
                RemoteException e = assertThrows(RemoteException.class, () -> shell.run("fix"));
                assertTrue(e instanceof RemoteException.Cancelled, String.valueOf(e));
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
            assertEquals(0, stub.count(StubWinRmServer.COMMAND));
            shell.close();
            assertEquals(1, stub.count(StubWinRmServer.DELETE));
        }
    }
}
