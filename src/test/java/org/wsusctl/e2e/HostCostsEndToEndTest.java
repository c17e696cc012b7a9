package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.sim.SimHostSpec;
import org.wsusctl.sim.SimModelFactory;
import org.wsusctl.sim.SimOptions;
import org.wsusctl.sim.SimScriptHost;
import org.wsusctl.sim.SimWork;
import org.wsusctl.sim.SimulatedFleet;
import org.wsusctl.sim.model.WsusModelFactory;

/**
 * A simulated host with issue 15's realistic costs, audited through the CLI, winrm4j and a real socket: it pays
 * the WSUS API load once per PowerShell process that uses the API (one for a batch, one per API check with
 * {@code --no-batch}), one probe per SQL and HTTP section, and its answers wait for that work. Read from the
 * simulator's own counters, never from a clock.
 */
class HostCostsEndToEndTest {
    private static final String PLAYBOOK = "playbooks/wsus-health.yml";
    /** Small figures: the test checks what is charged, not how long it takes. */
    private static final Map<String, Object> COSTS = Map.of("costs",
            Map.of("api_load_ms", 150, "sql_probe_ms", 7, "http_probe_ms", 5));

    @TempDir
    Path dir;

    @Test
    void theApiLoadIsPaidOncePerPowerShellProcessThatUsesIt() throws Exception {
        Map<String, SimScriptHost> models = new ConcurrentHashMap<>();
        WsusModelFactory wsus = new WsusModelFactory();
        SimModelFactory capturing = (name, simulate, saved) -> {
            SimScriptHost h = wsus.create(name, simulate, saved);
            models.put(name, h);
            return h;
        };
        List<SimHostSpec> specs = List.of(
                new SimHostSpec("costly", COSTS, Optional.of("bench"), Optional.of(Lab.PASSWORD), false),
                new SimHostSpec("free", Map.of(), Optional.of("bench"), Optional.of(Lab.PASSWORD), false));
        try (SimulatedFleet fleet = SimulatedFleet.start(specs, SimOptions.defaults(), capturing)) {
            Lab lab = Lab.fromYaml(dir, """
                    all:
                      vars:
                        ansible_host: 127.0.0.1
                        winrm_user: bench
                        winrm_password_env: E2E_LAB_PASSWORD
                        winrm_scheme: http
                        winrm_transport: basic
                        allow_insecure_basic: true
                      hosts:
                        costly: { winrm_port: %d }
                        free: { winrm_port: %d }
                    """.formatted(fleet.endpoints().get("costly").getPort(), fleet.endpoints().get("free").getPort()));

            Lab.Run batch = lab.audit(PLAYBOOK, null);
            assertEquals(0, batch.exit(), batch.cli()::toString);
            int batchProcesses = batch.host("costly").path("winrm").path("invocations").asInt();
            SimWork afterBatch = models.get("costly").work();
            assertEquals(batchProcesses, afterBatch.processes(), afterBatch::toString);
            assertEquals(1, afterBatch.apiLoads(), "one batch, one API load however many sections read the API: "
                    + afterBatch);
            assertEquals(2, afterBatch.sqlProbes(), "facts.sql and facts.susdb: " + afterBatch);
            assertTrue(afterBatch.httpProbes() >= 3, "the health playbook probes three URLs: " + afterBatch);
            assertEquals(150 + 7 * afterBatch.sqlProbes() + 5 * afterBatch.httpProbes(), afterBatch.chargedMs(),
                    afterBatch::toString);
            // a lower bound only (a slow machine cannot break it): the answer waited for the charged work
            assertTrue(batch.host("costly").path("duration_ms").asLong() >= afterBatch.chargedMs(),
                    () -> batch.host("costly").toString());

            Lab.Run single = lab.audit(PLAYBOOK, null, "--no-batch");
            assertEquals(0, single.exit(), single.cli()::toString);
            SimWork afterSingle = models.get("costly").work();
            long processes = afterSingle.processes() - afterBatch.processes();
            assertEquals(single.host("costly").path("winrm").path("invocations").asInt(), processes,
                    afterSingle::toString);
            assertTrue(processes > batchProcesses, "--no-batch runs a process per section: " + afterSingle);
            // facts.wsus.sync and facts.wsus.clients: each in its own process, each loads and connects again
            assertEquals(2, afterSingle.apiLoads() - afterBatch.apiLoads(), afterSingle::toString);
            assertEquals(afterBatch.sqlProbes() * 2, afterSingle.sqlProbes(), "probes do not depend on batching");

            SimWork free = models.get("free").work();
            assertEquals(0, free.chargedMs(), "costs are off by default: the same work, no time: " + free);
            assertEquals(afterSingle.apiLoads(), free.apiLoads(), "the same work is counted: " + free);
        }
    }
}
