package org.wsusctl.remote.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.http.pool.PoolStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wsusctl.config.SourcePos;
import org.wsusctl.inventory.AuthScheme;
import org.wsusctl.inventory.Connection;
import org.wsusctl.inventory.Host;
import org.wsusctl.inventory.Scheme;
import org.wsusctl.inventory.SecretRef;
import org.wsusctl.remote.RemoteShell;
import org.wsusctl.sim.SimHostSpec;
import org.wsusctl.sim.SimOptions;
import org.wsusctl.sim.SimTransport;
import org.wsusctl.sim.SimulatedFleet;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * A host the run is done with keeps no connection: its shell's Delete closes it ({@link DeleteClosesConnection}).
 * Through winrm4j into the simulator, on the HTTP client that Basic hosts share.
 */
@org.junit.jupiter.api.Timeout(120)
class ConnectionReleaseTest {
    private static final String PASSWORD = "Basic-Pa55!word";
    private static final List<String> HOSTS = List.of("one", "two", "three");
    private static SimulatedFleet fleet;
    private static WinRmShellFactory factory;

    @BeforeAll
    static void start() throws Exception {
        fleet = SimulatedFleet.start(HOSTS.stream().map(h -> new SimHostSpec(h, Map.of(), Optional.of("svc-wsus"),
                Optional.of(PASSWORD), false, SimTransport.BASIC)).toList(), SimOptions.defaults(),
                new WsusModelFactory());
        factory = new WinRmShellFactory(h -> Optional.of(PASSWORD),
                new TransportSettings(0, Duration.ofMillis(10), Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        factory.close();
        fleet.close();
    }

    private static Host host(String name) {
        URI uri = fleet.endpoints().get(name);
        Connection c = new Connection("127.0.0.1", Scheme.HTTP, uri.getPort(), "/wsman", AuthScheme.BASIC,
                Optional.of("svc-wsus"), new SecretRef.FromEnv("UNUSED"), true, Optional.empty(), true,
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        return new Host(name, c, Map.of(), List.of("wsus"), Optional.empty(),
                SourcePos.fileOnly(Path.of("inventory.yml")));
    }

    @Test
    void aClosedShellLeavesNoConnectionInTheSharedPool() throws Exception {
        ClientKeyedConduitFactory shared = factory.runtime().sharedConduits();
        for (String h : HOSTS) {
            try (RemoteShell shell = factory.open(host(h))) {
                shell.run("whoami");
                shell.run("whoami"); // requests in quick turn: still one connection, the one the Delete closes
            }
        }
        // the Delete's response has been read when close() returns; the socket is closed as the exchange completes
        PoolStats after = shared.poolStats();
        for (int i = 0; i < 100 && after.getLeased() + after.getAvailable() > 0; i++) {
            Thread.sleep(20);
            after = shared.poolStats();
        }
        assertEquals(0, after.getLeased() + after.getAvailable(), "no finished host keeps a connection: " + after);
    }

    /**
     * winrm4j's close leaves its CXF client to the finalizer, with its whole service model ({@link CxfClients});
     * the shell destroys it. Counted by the bus, which hears of every client created and destroyed.
     */
    @Test
    void aClosedShellDestroysTheCxfClientWinrm4jBuiltForIt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger destroyed = new java.util.concurrent.atomic.AtomicInteger();
        factory.bus().getExtension(org.apache.cxf.endpoint.ClientLifeCycleManager.class).registerListener(
                new org.apache.cxf.endpoint.ClientLifeCycleListener() {
                    @Override
                    public void clientCreated(org.apache.cxf.endpoint.Client client) {
                        created.incrementAndGet();
                    }

                    @Override
                    public void clientDestroyed(org.apache.cxf.endpoint.Client client) {
                        destroyed.incrementAndGet();
                    }
                });
        int closed = 0;
        for (String h : HOSTS) {
            try (RemoteShell shell = factory.open(host(h))) {
                shell.run("whoami");
                assertEquals(closed, destroyed.get(), "an open shell's client is not destroyed");
            }
            closed++;
        }
        assertEquals(HOSTS.size(), created.get(), "one CXF client a shell");
        assertEquals(HOSTS.size(), destroyed.get(), "and each destroyed when its shell closed");
    }
}
