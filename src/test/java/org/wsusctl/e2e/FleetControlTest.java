package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deadlines and rolling batches, through the CLI and the simulator. */
class FleetControlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("LAB_PW", "pw");

    @TempDir
    Path dir;

    @Test
    void aHangingHostCannotHoldTheOthersPastItsDeadline() throws Exception {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, """
                all:
                  vars: { winrm_user: tester, winrm_password_env: LAB_PW, operation_timeout: 30 }
                  hosts:
                    ok[1:3]:
                      simulate: {}
                    stuck:
                      simulate: { fault: hang }
                """);
        long t0 = System.nanoTime();
        CliRun run = CliRun.run(ENV, "audit", "-i", inv.toString(), "src/test/resources/e2e/pool-only.yml",
                "--timeout", "2", "--report-json", dir.resolve("r.json").toString());
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        JsonNode r = JSON.readTree(dir.resolve("r.json").toFile());
        for (String ok : new String[] {"ok1", "ok2", "ok3"}) {
            assertEquals("compliant", WalkingSkeletonTest.host(r, ok).get("status").asText(), run::toString);
        }
        JsonNode stuck = WalkingSkeletonTest.host(r, "stuck");
        assertTrue(stuck.get("status").asText().matches("failed|unreachable"), stuck::toString);
        assertTrue(stuck.get("message").asText().contains("deadline"), stuck::toString);
        // The operation timeout (30 s) would have held the host far longer; the 2 s deadline ended it.
        assertTrue(wallMs < 20_000, "run took " + wallMs + " ms");
        // A host that never answered shell creation is unreachable; the others are compliant.
        assertEquals("unreachable", stuck.get("status").asText(), stuck::toString);
        assertEquals(3, run.exitCode(), run::toString);
    }

    @Test
    void rollingApplyStopsStartingBatchesPastMaxFailPercentage() throws Exception {
        Path inv = dir.resolve("inv.yml");
        // WsusService cannot start while its SQL service is disabled: the fix fails on the first batch.
        Files.writeString(inv, """
                all:
                  vars: { winrm_user: tester, winrm_password_env: LAB_PW }
                  hosts:
                    h1:
                      simulate: { services: { "MSSQL$MICROSOFT##WID": Disabled, WsusService: Stopped } }
                    h2:
                      simulate: { services: { "MSSQL$MICROSOFT##WID": Disabled, WsusService: Stopped } }
                    h3:
                      simulate: { services: { WsusService: Stopped } }
                    h4:
                      simulate: { services: { WsusService: Stopped } }
                    h5:
                      simulate: { services: { WsusService: Stopped } }
                """);
        CliRun run = CliRun.run(ENV, "apply", "-i", inv.toString(), "src/test/resources/e2e/services-rolling.yml",
                "--journal", dir.resolve("j.jsonl").toString(), "--report-json", dir.resolve("r.json").toString());
        JsonNode r = JSON.readTree(dir.resolve("r.json").toFile());
        assertEquals("failed", WalkingSkeletonTest.host(r, "h1").get("status").asText(), run::toString);
        assertEquals("failed", WalkingSkeletonTest.host(r, "h2").get("status").asText());
        for (String later : new String[] {"h3", "h4", "h5"}) {
            JsonNode h = WalkingSkeletonTest.host(r, later);
            assertTrue(h.get("message").asText().contains("max_fail_percentage"), h::toString);
            assertEquals(0, h.get("simulated").get("requests").asLong(), later + " was contacted");
            assertEquals(0, h.get("simulated").get("changes").asLong());
        }
        assertTrue(r.get("stopped_early").asBoolean(), r::toString);
        assertEquals(2, run.exitCode(), run::toString);
    }
}
