package org.wsusctl.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cloudsoft.winrm4j.client.WinRmClientContext;
import io.cloudsoft.winrm4j.winrm.WinRmTool;
import io.cloudsoft.winrm4j.winrm.WinRmToolResponse;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.http.client.config.AuthSchemes;
import org.junit.jupiter.api.Test;

/**
 * The simulator scales (issue 15): one server carries every simulated port, so a fleet of 10,000 hosts starts
 * with a bounded number of threads (a JDK {@code HttpServer} per port cost a dispatcher thread per host: 10,000).
 * A sample of hosts, spread over the fleet, answers a real winrm4j request over its own port. No timing is
 * asserted (speed is measured by hand and by {@code make bench}); threads and answers are.
 */
class SimFleetScaleTest {
    private static final int HOSTS = 10_000;
    /** The simulator's own threads: accept, I/O loops, timer, workers ({@link SimRuntime#WORKERS}). */
    private static final int MAX_SIM_THREADS = 100;

    @Test
    void tenThousandHostsStartOnBoundedThreadsAndAnswerWinRm() throws Exception {
        List<SimHostSpec> specs = new ArrayList<>(HOSTS);
        for (int i = 0; i < HOSTS; i++) {
            specs.add(SimWinRmClientTest.host(String.format("wsus%05d", i), Map.of()));
        }
        WinRmClientContext ctx = WinRmClientContext.newInstance();
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        try (SimulatedFleet fleet = SimulatedFleet.start(specs, SimOptions.defaults(), FakeWsusModel.factory())) {
            Map<String, URI> endpoints = fleet.endpoints();
            assertEquals(HOSTS, endpoints.size());
            Set<Integer> ports = new HashSet<>();
            endpoints.values().forEach(u -> ports.add(u.getPort()));
            assertEquals(HOSTS, ports.size(), "every host has its own port");
            // all threads, not only the simulator's by name: a server per port would show here whatever its names
            int started = ManagementFactory.getThreadMXBean().getThreadCount() - before;
            assertTrue(started < MAX_SIM_THREADS, "threads the fleet started: " + started);

            for (int i = 0; i < HOSTS; i += HOSTS / 20) {
                String name = String.format("wsus%05d", i);
                WinRmTool tool = WinRmTool.Builder.builder(endpoints.get(name).toString(), null, "Administrator", "x")
                        .authenticationScheme(AuthSchemes.BASIC).context(ctx).build();
                tool.setRetriesForConnectionFailures(0);
                tool.setOperationTimeout(10_000L);
                WinRmToolResponse r = tool.executeCommand("hostname");
                assertEquals(0, r.getStatusCode(), name);
                assertEquals(name + "\r\n", r.getStdOut(), name);
                assertTrue(fleet.requests(name) > 0, name + " counted its requests");
            }
            // the clients' own threads (a reactor per winrm4j client) are not the simulator's: counted by name here
            assertTrue(simThreads() < MAX_SIM_THREADS, "simulator threads after requests: " + simThreads());
        } finally {
            ctx.shutdown();
        }
    }

    private static long simThreads() {
        long[] ids = ManagementFactory.getThreadMXBean().getAllThreadIds();
        return java.util.Arrays.stream(ManagementFactory.getThreadMXBean().getThreadInfo(ids))
                .filter(t -> t != null && t.getThreadName().startsWith("wsusctl-sim"))
                .count();
    }
}
