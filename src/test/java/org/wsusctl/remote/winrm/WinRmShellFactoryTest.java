package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsusctl.config.SourcePos;
import org.wsusctl.inventory.Connection;
import org.wsusctl.inventory.Host;
import org.wsusctl.remote.PsOutput;
import org.wsusctl.remote.RemoteShell;

/** Shell reuse, request counting and credentials against a well-behaved stub. */
@org.junit.jupiter.api.Timeout(30)
class WinRmShellFactoryTest {
    private static WinRmShellFactory factory;

    @BeforeAll
    static void start() {
        factory = TestHosts.factory(0, Duration.ofMillis(10), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void oneShellServesEveryCommandAndRequestsAreCounted() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            RemoteShell shell = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())));
            assertEquals(1, shell.requestCount(), "Create only so far");

            PsOutput first = shell.run("echo one");
            assertEquals(0, first.exitCode());
            assertEquals("echo one", first.stdout());
            assertEquals(4, shell.requestCount(), "Create + Command + Receive + Signal");

            shell.run("echo two");
            PsOutput third = shell.run("echo three");
            assertEquals("echo three", third.stdout());
            assertEquals(1 + 3 * 3, shell.requestCount(), "3 requests per further command");

            shell.close();
            assertEquals(1 + 3 * 3 + 1, shell.requestCount(), "plus Delete");
            shell.close(); // idempotent

            assertEquals(1, stub.count(StubWinRmServer.CREATE));
            assertEquals(3, stub.count(StubWinRmServer.COMMAND));
            assertEquals(3, stub.count(StubWinRmServer.RECEIVE));
            assertEquals(3, stub.count(StubWinRmServer.SIGNAL));
            assertEquals(1, stub.count(StubWinRmServer.DELETE));
            assertEquals(stub.total(), shell.requestCount(), "client count = what the server saw");
        }
    }

    @Test
    void basicSendsTheWholeAccountPreemptively() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            try (RemoteShell shell = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())))) {
                shell.run("x");
            }
            String header = stub.authorizations.get(0);
            assertTrue(header.startsWith("Basic "), header);
            String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
            // Basic sends the account as written in the inventory, domain included.
            assertEquals("CORP\\svc-wsus:" + TestHosts.PASSWORD, decoded);
        }
    }

    @Test
    void twoShellsOnTheSameEndpointCountSeparately() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            RemoteShell a = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())));
            RemoteShell b = factory.open(TestHosts.host(TestHosts.basicHttp(stub.port())));
            a.run("a1");
            a.run("a2");
            b.run("b1");
            assertEquals(7, a.requestCount());
            assertEquals(4, b.requestCount());
            a.close();
            b.close();
            assertEquals(2, stub.shellIds.size());
            assertEquals(stub.total(), a.requestCount() + b.requestCount());
        }
    }

    /**
     * Basic hosts share one HTTP client (connection pool included), so a second host's requests must carry that
     * host's own credentials, never ones learnt for another host, and closing one host's shell must leave the
     * shared client working for the next.
     */
    @Test
    void basicHostsSharingTheHttpClientEachSendTheirOwnPassword() throws Exception {
        WinRmShellFactory own = new WinRmShellFactory(
                h -> Optional.of(h.name().equals("good") ? "good-pass" : "other-pass"),
                new TransportSettings(0, Duration.ofMillis(10), Duration.ofSeconds(2)));
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            Connection c = TestHosts.basicHttp(stub.port());
            RemoteShell good = own.open(named("good", c));
            good.run("g");
            good.close();
            int goodRequests = stub.authorizations.size();
            assertEquals(5, goodRequests, "Create, Command, Receive, Signal, Delete");

            RemoteShell other = own.open(named("other", c));
            assertEquals("x", other.run("x").stdout(), "the shared client still works after a shell closed");
            other.close();

            for (int i = 0; i < stub.authorizations.size(); i++) {
                String expected = "CORP\\svc-wsus:" + (i < goodRequests ? "good-pass" : "other-pass");
                assertEquals(expected, basicAccount(stub.authorizations.get(i)), "request " + i);
            }
        } finally {
            own.close();
        }
    }

    /**
     * winrm4j builds a proxy from its WSDL per client; the parsed WSDL must come from the bus's cache every time,
     * also after a GC (the cache holds its keys weakly, and winrm4j looks it up with a fresh string each time).
     */
    @Test
    void winrm4jsWsdlIsParsedOnceAndStaysCachedAcrossGcs() throws Exception {
        org.apache.cxf.wsdl.WSDLManager wsdl = factory.bus().getExtension(org.apache.cxf.wsdl.WSDLManager.class);
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            factory.open(TestHosts.host(TestHosts.basicHttp(stub.port()))).close();
            List<Object> before = List.copyOf(wsdl.getDefinitions().values());
            assertEquals(1, before.size(), "winrm4j's WSDL, cached: " + before);
            for (int i = 0; i < 3; i++) {
                System.gc();
                factory.open(TestHosts.host(TestHosts.basicHttp(stub.port()))).close();
                List<Object> after = List.copyOf(wsdl.getDefinitions().values());
                assertEquals(1, after.size(), "one WSDL after GC " + i + ": " + after);
                assertTrue(before.get(0) == after.get(0), "the same parsed WSDL after GC " + i);
            }
        }
    }

    /**
     * Every client's service model needs the JAXB context of winrm4j's classes; CXF caches it only while a client
     * using it lives, so the factory keeps one alive: after GCs a client built as winrm4j builds one (same bus,
     * same WSDL) still gets the same context instead of a new one.
     */
    @Test
    void winrm4jsJaxbContextIsBuiltOnceAndStaysCachedAcrossGcs() throws Exception {
        try (StubWinRmServer stub = StubWinRmServer.http()) {
            factory.open(TestHosts.host(TestHosts.basicHttp(stub.port()))).close();
        }
        Object first = jaxbContextOfANewClient();
        for (int i = 0; i < 3; i++) {
            System.gc();
            assertTrue(first == jaxbContextOfANewClient(), "the same JAXB context after GC " + i);
        }
    }

    private static Object jaxbContextOfANewClient() {
        io.cloudsoft.winrm4j.client.WinRm proxy = io.cloudsoft.winrm4j.client.WinRmFactory.newInstance(factory.bus());
        return ((org.apache.cxf.jaxb.JAXBDataBinding) org.apache.cxf.frontend.ClientProxy.getClient(proxy)
                .getEndpoint().getService().getDataBinding()).getContext();
    }

    private static Host named(String name, Connection c) {
        return new Host(name, c, Map.of(), List.of("wsus"), Optional.empty(), SourcePos.fileOnly(Path.of("inv.yml")));
    }

    private static String basicAccount(String header) {
        assertTrue(header.startsWith("Basic "), header);
        return new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    }
}
