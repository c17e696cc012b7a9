package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.xml.ws.WebServiceException;
import org.apache.cxf.transport.http.HTTPException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShell;

/** Which failures are retried, and that Command never is. */
@Timeout(30)
class RetryTest {
    private static WinRmShellFactory factory;

    @BeforeAll
    static void start() {
        factory = TestHosts.factory(2, Duration.ofMillis(20), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    private static StubWinRmServer.Behaviour http503Times(int n) {
        return (ex, action, nth, id) -> {
            if (nth > n) {
                return false;
            }
            StubWinRmServer.send(ex, 503, "text/plain", "busy");
            return true;
        };
    }

    @Test
    void http5xxOnReceiveIsRetriedAndCounted() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.onAction(StubWinRmServer.RECEIVE, http503Times(2));
            try (RemoteShell shell = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())))) {
                assertEquals("echo ok", shell.run("echo ok").stdout());
                assertEquals(3, stub.count(StubWinRmServer.RECEIVE));
                assertEquals(stub.total(), shell.requestCount(), "retried requests are real requests");
            }
        }
    }

    @Test
    void retriesAreBoundedBySettings() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.onAction(StubWinRmServer.RECEIVE, http503Times(100));
            try (RemoteShell shell = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())))) {
                RemoteException e = assertThrows(RemoteException.class, () -> shell.run("echo ok"));
                assertTrue(e instanceof RemoteException.ProtocolError, Chain.of(e));
                assertTrue(e.getMessage().contains("503"), e.getMessage());
                assertEquals(3, stub.count(StubWinRmServer.RECEIVE), "1 attempt + 2 retries");
            }
        }
    }

    @Test
    void commandIsNeverRetried() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.onAction(StubWinRmServer.COMMAND, http503Times(1));
            try (RemoteShell shell = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())))) {
                RemoteException e = assertThrows(RemoteException.class, () -> shell.run("fix something"));
                assertTrue(e instanceof RemoteException.ProtocolError, Chain.of(e));
                assertEquals(1, stub.count(StubWinRmServer.COMMAND), "a fix must never run twice");
                // The shell is still usable afterwards.
                assertEquals("again", shell.run("again").stdout());
            }
        }
    }

    @Test
    void quotaFaultOnCreateIsRetriedWithBackoff() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.onAction(StubWinRmServer.CREATE, (ex, action, nth, id) -> {
                if (nth > 2) {
                    return false;
                }
                StubWinRmServer.sendFault(ex, id, "QuotaLimit", WsManFault.QUOTA_MAX_SHELLS,
                        "This user is allowed a maximum number of 5 concurrent shells, which has been exceeded.");
                return true;
            });
            try (RemoteShell shell = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())))) {
                assertEquals(0, shell.run("x").exitCode());
            }
            assertEquals(3, stub.count(StubWinRmServer.CREATE));
        }
    }

    @Test
    void otherFaultsOnCreateAreNotRetried() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.onAction(StubWinRmServer.CREATE, (ex, action, nth, id) -> {
                StubWinRmServer.sendFault(ex, id, "AccessDenied", "5", "Access is denied.");
                return true;
            });
            RemoteException e = assertThrows(RemoteException.class,
                    () -> factory.open(TestHosts.host(TestHosts.basicHttp(stub.port()))));
            assertTrue(e.getMessage().contains("Access is denied"), e.getMessage());
            assertEquals(1, stub.count(StubWinRmServer.CREATE));
        }
    }

    @Test
    void policyRetriesRefusalOnlyOnceTheShellExistsAndNeverAuthOrTimeouts() throws Exception {
        AtomicBoolean established = new AtomicBoolean();
        TransientFailureRetryPolicy p = new TransientFailureRetryPolicy(
                new TransportSettings(2, Duration.ofMillis(100), Duration.ZERO), established::get, () -> false);
        WebServiceException refused = new WebServiceException(new ConnectException("Connection refused"));
        assertFalse(p.onWebServiceException(refused, 1).shouldRetry());
        established.set(true);
        assertTrue(p.onWebServiceException(refused, 1).shouldRetry());
        assertEquals(100, p.onWebServiceException(refused, 1).pauseTimeMillis());
        assertEquals(200, p.onWebServiceException(refused, 2).pauseTimeMillis());
        assertFalse(p.onWebServiceException(refused, 3).shouldRetry(), "only 2 retries");

        assertNull(p.transientReason(new WebServiceException(new HTTPException(401, "Unauthorized", new java.net.URL("http://h:5985/wsman")))));
        assertNull(p.transientReason(new WebServiceException(new SocketTimeoutException("Read timed out"))));
        assertTrue(p.transientReason(new WebServiceException(new SocketException("Connection reset"))) != null);

        TransientFailureRetryPolicy aborted = new TransientFailureRetryPolicy(
                new TransportSettings(2, Duration.ofMillis(1), Duration.ZERO), () -> true, () -> true);
        assertFalse(aborted.onWebServiceException(refused, 1).shouldRetry());
    }
}
