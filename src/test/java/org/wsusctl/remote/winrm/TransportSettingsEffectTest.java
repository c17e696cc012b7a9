package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.inventory.Connection;
import org.wsusctl.inventory.Scheme;
import org.wsusctl.remote.RemoteException;
import org.wsusctl.remote.RemoteShell;

/**
 * Proves that TLS trust and timeouts take effect under Basic, which winrm4j 0.12.3 alone ignores
 * (it would use the JVM truststore and a 60 s read timeout).
 */
@org.junit.jupiter.api.Timeout(30)
class TransportSettingsEffectTest {
    @TempDir
    static Path dir;
    private static SelfSignedCert cert;
    /** A certificate for another name: elsewhere.example. */
    private static SelfSignedCert wrongName;
    private static WinRmShellFactory factory;

    @BeforeAll
    static void start() throws Exception {
        cert = SelfSignedCert.create(dir, "ip:127.0.0.1,dns:localhost");
        Path sub = java.nio.file.Files.createDirectories(dir.resolve("wrong"));
        wrongName = SelfSignedCert.create(sub, "dns:elsewhere.example");
        factory = TestHosts.factory(2, Duration.ofMillis(50), Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void basicReadTimeoutIsOperationTimeoutPlusMarginNotSixtySeconds() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            Connection c = TestHosts.withTimeouts(TestHosts.basicHttp(silent.port()), Duration.ofSeconds(5),
                    Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            RemoteException e = assertThrows(RemoteException.class, () -> factory.open(TestHosts.host(c)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e instanceof RemoteException.TimedOut, Chain.of(e));
            assertTrue(ms >= 1500 && ms < 8000, "read timeout should be 1 s + 1 s margin, took " + ms + " ms");
            assertTrue(e.getMessage().contains("127.0.0.1:" + silent.port()), e.getMessage());
            assertEquals(1, silent.connections(), "a timeout is not retried");
        }
    }

    @Test
    void ntlmReadTimeoutIsHonouredToo() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            Connection c = TestHosts.withTimeouts(
                    TestHosts.conn("127.0.0.1", Scheme.HTTP, silent.port(), AuthScheme.NTLM),
                    Duration.ofSeconds(5), Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            RemoteException e = assertThrows(RemoteException.class, () -> factory.open(TestHosts.host(c)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e instanceof RemoteException.TimedOut, Chain.of(e));
            assertTrue(ms >= 1500 && ms < 8000, "took " + ms + " ms");
        }
    }

    @Test
    void httpsBasicRejectsSelfSignedCertWithDefaultValidation() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.https(cert.serverContext)) {
            Connection c = TestHosts.conn("127.0.0.1", Scheme.HTTPS, stub.port(), AuthScheme.BASIC);
            RemoteException e = assertThrows(RemoteException.class, () -> factory.open(TestHosts.host(c)));
            assertTrue(e instanceof RemoteException.Unreachable, e.toString());
            assertTrue(e.getMessage().contains("not trusted") && e.getMessage().contains("ca_file"), e.getMessage());
            assertEquals(0, stub.total(), "no request got through");
        }
    }

    @Test
    void httpsBasicAcceptsTheCertificateFromCaFile() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.https(cert.serverContext)) {
            Connection c = TestHosts.withTls(TestHosts.conn("127.0.0.1", Scheme.HTTPS, stub.port(), AuthScheme.BASIC),
                    true, Optional.of(cert.pem));
            try (RemoteShell shell = factory.open(TestHosts.host(c))) {
                assertEquals("hello", shell.run("hello").stdout());
            }
            assertEquals(1, stub.count(StubWinRmServer.DELETE));
        }
    }

    @Test
    void httpsBasicWithVerifyTlsOffAcceptsAnyCertificateAndHostName() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.https(wrongName.serverContext)) {
            Connection c = TestHosts.withTls(TestHosts.conn("127.0.0.1", Scheme.HTTPS, stub.port(), AuthScheme.BASIC),
                    false, Optional.empty());
            try (RemoteShell shell = factory.open(TestHosts.host(c))) {
                assertEquals(0, shell.run("hello").exitCode());
            }
        }
    }

    @Test
    void caFileStillChecksTheHostName() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.https(wrongName.serverContext)) {
            Connection c = TestHosts.withTls(TestHosts.conn("127.0.0.1", Scheme.HTTPS, stub.port(), AuthScheme.BASIC),
                    true, Optional.of(wrongName.pem));
            RemoteException e = assertThrows(RemoteException.class, () -> factory.open(TestHosts.host(c)));
            assertTrue(e instanceof RemoteException.Unreachable, e.toString());
            assertTrue(e.getMessage().contains("host name"), e.getMessage());
        }
    }

    @Test
    void ntlmOverHttpsUsesTheSameTrust() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.https(cert.serverContext)) {
            Connection untrusted = TestHosts.conn("127.0.0.1", Scheme.HTTPS, stub.port(), AuthScheme.NTLM);
            RemoteException e = assertThrows(RemoteException.class, () -> factory.open(TestHosts.host(untrusted)));
            assertTrue(e instanceof RemoteException.Unreachable && e.getMessage().contains("not trusted"),
                    Chain.of(e));
            assertEquals(0, stub.total());

            // With ca_file the handshake succeeds and the requests reach the server (which asks for no
            // authentication; over HTTPS wsusctl sends NTLM messages plain, so the stub can read them).
            Connection trusted = TestHosts.withTls(untrusted, true, Optional.of(cert.pem));
            try (RemoteShell shell = factory.open(TestHosts.host(trusted))) {
                assertEquals("hello", shell.run("hello").stdout());
            }
            assertEquals(1, stub.count(StubWinRmServer.CREATE));
        }
    }

    @Test
    void hostNameCheckFollowsSubjectAlternativeNames() throws Exception {
        java.security.cert.CertificateFactory cf = java.security.cert.CertificateFactory.getInstance("X.509");
        java.security.cert.X509Certificate local;
        java.security.cert.X509Certificate other;
        try (var in = java.nio.file.Files.newInputStream(cert.pem)) {
            local = (java.security.cert.X509Certificate) cf.generateCertificate(in);
        }
        try (var in = java.nio.file.Files.newInputStream(wrongName.pem)) {
            other = (java.security.cert.X509Certificate) cf.generateCertificate(in);
        }
        assertTrue(HostNameCheck.matches("127.0.0.1", local));
        assertTrue(HostNameCheck.matches("LOCALHOST", local));
        assertTrue(!HostNameCheck.matches("10.0.0.1", local));
        assertTrue(!HostNameCheck.matches("wsus01", local));
        assertTrue(HostNameCheck.matches("elsewhere.example", other));
        assertTrue(!HostNameCheck.matches("127.0.0.1", other), "an IP must be an IP SAN, never a CN");
        assertTrue(!HostNameCheck.matches("a.elsewhere.example", other));
    }
}
