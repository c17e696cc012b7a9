package org.wsusctl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transport faults injected by the simulator ({@code simulate.fault}, latency), in one fleet run next to
 * healthy hosts, through the CLI, winrm4j and real sockets: each faulty host ends with the status and
 * message its fault deserves, within its timeouts, and the healthy hosts are unaffected.
 */
class FaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("LAB_PW", "faults-pw");
    private static final String PLAYBOOK = "src/test/resources/security/pool-only.yml";

    @TempDir
    Path dir;

    @Test
    void eachFaultEndsAsItShouldWhileHealthyHostsFinishCompliant() throws Exception {
        // operation_timeout 1 s: a held request times out after 1 s + the transport's 10 s read margin
        Path inv = write("faults.yml", """
                all:
                  vars:
                    winrm_user: LAB\\tester
                    winrm_password_env: LAB_PW
                    connect_timeout: 2
                    operation_timeout: 1
                  hosts:
                    healthy: { simulate: {} }
                    slow: { simulate: { latency_ms: 40 } }
                    refused: { simulate: { fault: unreachable } }
                    rejected: { simulate: { fault: auth-rejected } }
                    hung: { simulate: { fault: hang } }
                    flaky: { simulate: { fault: flaky } }
                    garbage: { simulate: { fault: garbage } }
                """);
        long t0 = System.nanoTime();
        Cli r = Cli.run(ENV, "audit", "-i", inv.toString(), PLAYBOOK, "--no-progress", "--timeout", "40",
                "--report-json", dir.resolve("r.json").toString());
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(2, r.exitCode(), "garbage fails the run:\n" + r);
        assertFalse(r.showsStackTrace(), r::toString);
        JsonNode report = JSON.readTree(dir.resolve("r.json").toFile());

        for (String healthy : new String[] {"healthy", "slow"}) {
            assertEquals("compliant", host(report, healthy).get("status").asText(), healthy + ": " + r);
        }
        JsonNode refused = host(report, "refused");
        assertEquals("unreachable", refused.get("status").asText());
        assertMessage(refused, "connection refused");

        JsonNode rejected = host(report, "rejected");
        assertEquals("unreachable", rejected.get("status").asText(), "auth failures count as unreachable");
        assertMessage(rejected, "authentication rejected for LAB\\tester");

        JsonNode hung = host(report, "hung");
        assertTrue(hung.get("status").asText().matches("unreachable|failed"), hung.toString());
        assertMessage(hung, "timeout");
        assertTrue(hung.get("duration_ms").asLong() < 35_000, "ended by its timeouts, not the test: " + hung);

        // Pinned: the flaky host drops its 3rd request, the first Receive; the transport retries a dropped
        // Receive (never a Command), so the flaky host still reports its true state.
        JsonNode flaky = host(report, "flaky");
        assertEquals("compliant", flaky.get("status").asText(), flaky.toString());

        JsonNode garbage = host(report, "garbage");
        assertEquals("failed", garbage.get("status").asText());
        assertTrue(garbage.toString().contains("printed no result"), garbage.toString());

        // A refused connection fails at once: it waits for neither the hung host nor any timeout.
        assertTrue(refused.get("duration_ms").asLong() < hung.get("duration_ms").asLong(), refused + "\n" + hung);
        assertTrue(refused.get("duration_ms").asLong() < 10_000, refused.toString());
        assertTrue(wallMs < 45_000, "run took " + wallMs + " ms");
    }

    /** A host that accepts but never answers is cut off by the host deadline even before it has a shell. */
    @Test
    void hostDeadlineEndsAHostThatNeverAnswersTheShellCreation() throws Exception {
        // operation_timeout 20 s: the read timeout alone would wait 30 s
        Path inv = write("hang.yml", """
                all:
                  vars:
                    winrm_user: LAB\\tester
                    winrm_password_env: LAB_PW
                    operation_timeout: 20
                  hosts:
                    hung: { simulate: { fault: hang } }
                """);
        Cli r = Cli.run(ENV, "audit", "-i", inv.toString(), PLAYBOOK, "--no-progress", "--timeout", "2",
                "--report-json", dir.resolve("h.json").toString());
        assertEquals(3, r.exitCode(), r::toString);
        JsonNode hung = host(JSON.readTree(dir.resolve("h.json").toFile()), "hung");
        assertEquals("unreachable", hung.get("status").asText());
        assertMessage(hung, "host deadline of 2 s");
        assertTrue(hung.get("duration_ms").asLong() < 15_000, "the deadline, not the read timeout: " + hung);
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** The host message and its step's message name the endpoint and the cause. */
    private static void assertMessage(JsonNode host, String cause) {
        String endpoint = host.get("endpoint").asText();
        for (String m : new String[] {host.get("message").asText(), step(host).get("message").asText()}) {
            assertTrue(m.contains(endpoint) && m.contains(cause), "expected " + endpoint + " and '" + cause + "' in: " + m);
        }
    }

    static JsonNode host(JsonNode report, String name) {
        for (JsonNode h : report.get("hosts")) {
            if (h.get("name").asText().equals(name)) {
                return h;
            }
        }
        throw new AssertionError("no host " + name + " in " + report);
    }

    static JsonNode step(JsonNode host) {
        return host.get("steps").get(0);
    }
}
