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

/**
 * The whole path once: CLI -> loaders -> engine -> winrm4j over a real socket -> simulator, and back into
 * the JSON report. audit finds the stopped pool, apply fixes it, a second audit sees it fixed.
 */
class WalkingSkeletonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("LAB_PW", "s3cret-for-tests");

    @TempDir
    Path dir;

    @Test
    void auditApplyAuditFindsFixesAndVerifiesTheStoppedPool() throws Exception {
        Path inv = dir.resolve("lab.yml");
        Files.writeString(inv, """
                all:
                  vars:
                    winrm_user: LAB\\tester
                    winrm_password_env: LAB_PW
                  hosts:
                    healthy:
                      simulate: {}
                    broken:
                      simulate: { apppool: { WsusPool: { state: Stopped } } }
                    dead:
                      simulate: { fault: unreachable }
                """);
        Path state = dir.resolve("state.json");
        String playbook = "src/test/resources/e2e/pool-only.yml";

        CliRun audit1 = CliRun.run(ENV, "audit", "-i", inv.toString(), playbook, "--sim-state", state.toString(),
                "--report-json", dir.resolve("a1.json").toString());
        assertEquals(2, audit1.exitCode(), audit1::toString);
        JsonNode r1 = JSON.readTree(dir.resolve("a1.json").toFile());
        assertEquals("audit", r1.get("mode").asText());
        assertEquals("drift", step(r1, "broken").get("status").asText());
        assertEquals("Stopped", step(r1, "broken").get("before").get("state").asText());
        assertEquals("compliant", host(r1, "healthy").get("status").asText());
        assertEquals("unreachable", host(r1, "dead").get("status").asText());
        for (JsonNode h : r1.get("hosts")) {
            assertEquals(0, h.get("simulated").get("changes").asLong(), "audit changed " + h.get("name"));
        }
        assertTrue(host(r1, "broken").get("simulated").get("requests").asLong() >= 5);

        CliRun apply = CliRun.run(ENV, "apply", "-i", inv.toString(), playbook, "--sim-state", state.toString(),
                "--report-json", dir.resolve("ap.json").toString(), "--journal", dir.resolve("j.jsonl").toString());
        JsonNode ra = JSON.readTree(dir.resolve("ap.json").toFile());
        assertEquals("fixed", step(ra, "broken").get("status").asText(), apply::toString);
        assertEquals("Started", step(ra, "broken").get("after").get("state").asText());
        assertEquals("fixed", host(ra, "broken").get("status").asText());
        assertEquals(1, host(ra, "broken").get("simulated").get("changes").asLong());
        assertEquals(0, host(ra, "healthy").get("simulated").get("changes").asLong());
        assertEquals(3, apply.exitCode(), apply::toString);

        CliRun audit2 = CliRun.run(ENV, "audit", "-i", inv.toString(), playbook, "--sim-state", state.toString(),
                "--report-json", dir.resolve("a2.json").toString());
        JsonNode r2 = JSON.readTree(dir.resolve("a2.json").toFile());
        assertEquals("ok", step(r2, "broken").get("status").asText(), audit2::toString);
        assertEquals("compliant", host(r2, "broken").get("status").asText());
        assertEquals(3, audit2.exitCode(), "only the unreachable host is left: " + audit2);
    }

    static JsonNode host(JsonNode report, String name) {
        for (JsonNode h : report.get("hosts")) {
            if (h.get("name").asText().equals(name)) {
                return h;
            }
        }
        throw new AssertionError("no host " + name + " in " + report);
    }

    static JsonNode step(JsonNode report, String hostName) {
        return host(report, hostName).get("steps").get(0);
    }
}
