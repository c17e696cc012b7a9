package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.inventory.Connection;
import org.wsusctl.inventory.Scheme;
import org.wsusctl.remote.RemoteException;

/** Each failure class provoked for real through winrm4j, then classified. */
@Timeout(30)
class WinRmErrorsTest {
    private static WinRmShellFactory factory;

    @BeforeAll
    static void start() {
        // Retries on: proves that none of these failures is retried into a slow failure.
        factory = TestHosts.factory(2, Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    private static RemoteException openFails(Connection c) {
        RemoteException e = assertThrows(RemoteException.class, () -> factory.open(TestHosts.host(c)));
        assertFalse(e.getMessage().contains(TestHosts.PASSWORD), "password leaked: " + e.getMessage());
        assertTrue(e.getMessage().contains(c.endpoint().toString()), "endpoint named: " + e.getMessage());
        return e;
    }

    @Test
    void refusedPortIsUnreachableAndFast() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RemoteException e = openFails(TestHosts.basicHttp(port));
        assertTrue(e instanceof RemoteException.Unreachable, Chain.of(e));
        assertTrue(e.getMessage().contains("connection refused") && e.getMessage().contains("port " + port),
                e.getMessage());
        // Fast means not retried (no wall-clock bound: speed belongs to make bench, and a loaded machine fails it).
        assertFalse(e.getMessage().contains("tried"), "a refusal on the first request is not retried: " + e.getMessage());
    }

    @Test
    void unresolvableHostIsUnreachable() {
        RemoteException e = openFails(TestHosts.conn("nosuchhost.invalid", Scheme.HTTP, 5985, AuthScheme.BASIC));
        assertTrue(e instanceof RemoteException.Unreachable, Chain.of(e));
        assertTrue(e.getMessage().contains("cannot resolve host name 'nosuchhost.invalid'"), e.getMessage());
    }

    @Test
    void http401IsAuthRejectedWithoutRetry() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.reject401With = "Basic realm=\"WSMAN\"";
            RemoteException e = openFails(TestHosts.basicHttp(stub.port()));
            assertTrue(e instanceof RemoteException.AuthRejected, Chain.of(e));
            assertTrue(e.getMessage().contains("authentication rejected for CORP\\svc-wsus (BASIC)"), e.getMessage());
            assertTrue(e.getMessage().contains("winrm_transport"), e.getMessage());
            assertEquals(1, stub.count("Rejected"), "a wrong password must fail fast, not retry");
        }
    }

    @Test
    void ntlmAgainstBasicOnlyServerIsRejectedNamingWhatTheHostOffers() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.reject401With = "Basic realm=\"WSMAN\"";
            Connection c = TestHosts.withTimeouts(
                    TestHosts.conn("127.0.0.1", Scheme.HTTP, stub.port(), AuthScheme.NTLM),
                    Duration.ofSeconds(2), Duration.ofSeconds(1));
            RemoteException e = openFails(c);
            // winrm4j alone resends the request after the 401 with no body and waits for an answer until the
            // read timeout; FailOn401AuthSupplier ends it at the 401, which names the schemes the host takes.
            assertTrue(e instanceof RemoteException.AuthRejected, Chain.of(e));
            assertTrue(e.getMessage().contains("the host offers Basic") && e.getMessage().contains("winrm_transport"),
                    e.getMessage());
            assertEquals(1, stub.count("Rejected"));
        }
    }

    @Test
    void garbageAnswerIsProtocolError() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.onAction(StubWinRmServer.CREATE, (ex, action, nth, id) -> {
                StubWinRmServer.send(ex, 200, "application/soap+xml", "<s:Envelope><oops");
                return true;
            });
            RemoteException e = openFails(TestHosts.basicHttp(stub.port()));
            assertTrue(e instanceof RemoteException.ProtocolError, Chain.of(e));
            assertTrue(e.getMessage().contains("unparseable"), e.getMessage());
        }
    }

    @Test
    void nonXmlAnswerIsProtocolError() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.onAction(StubWinRmServer.CREATE, (ex, action, nth, id) -> {
                StubWinRmServer.send(ex, 200, "text/html", "<html>proxy login</html>");
                return true;
            });
            RemoteException e = openFails(TestHosts.basicHttp(stub.port()));
            assertTrue(e instanceof RemoteException.ProtocolError, Chain.of(e));
            assertTrue(e.getMessage().contains("unparseable"), e.getMessage());
        }
    }

    @Test
    void soapFaultIsProtocolErrorWithWsManCodeAndText() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            stub.onAction(StubWinRmServer.CREATE, (ex, action, nth, id) -> {
                StubWinRmServer.sendFault(ex, id, "SchemaValidationError", "2150858817",
                        "The SOAP XML in the message does not match the corresponding XML schema definition.");
                return true;
            });
            RemoteException e = openFails(TestHosts.basicHttp(stub.port()));
            assertTrue(e instanceof RemoteException.ProtocolError, Chain.of(e));
            assertTrue(e.getMessage().contains("2150858817"), e.getMessage());
            assertTrue(e.getMessage().contains("SchemaValidationError"), e.getMessage());
            assertTrue(e.getMessage().contains("does not match the corresponding XML schema"), e.getMessage());
            assertEquals(1, stub.count(StubWinRmServer.CREATE), "faults are not retried");
        }
    }
}
