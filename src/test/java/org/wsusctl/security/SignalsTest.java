package org.wsusctl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM at the moments that went wrong (issue 14, finding 11), each at a moment the test
 * knows for sure: a FIFO as an input or output makes the real {@code wsusctl} process wait exactly there.
 */
class SignalsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("LAB_PW", "signals-pw");
    private static final String PLAYBOOK = "src/test/resources/security/pool-only.yml";
    private static final String TWO_HOSTS = """
            all:
              vars: { winrm_user: LAB\\\\tester, winrm_password_env: LAB_PW }
              hosts:
                a: { simulate: {} }
                b: { simulate: {} }
            """;

    @TempDir
    Path dir;

    private Path mkfifo(String name) throws Exception {
        Path p = dir.resolve(name);
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor());
        return p;
    }

    /** The inventory is a FIFO: the process is reading it (so it is in main) when the signal comes. */
    @Test
    void anInterruptWhileStartingUpStillEndsWithReportsAndExit99() throws Exception {
        Path inv = mkfifo("inv.yml");
        Path report = dir.resolve("r.json");
        WsusctlProcess p = WsusctlProcess.start(dir, "early", ENV, "audit", "-i", inv.toString(), PLAYBOOK,
                "--no-progress", "--report-json", report.toString());
        try (OutputStream w = Files.newOutputStream(inv)) { // returns once wsusctl opened it to read
            p.signal("TERM");
            Thread.sleep(300);
            w.write(TWO_HOSTS.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(99, p.exit(60), p::text);
        JsonNode r = JSON.readTree(report.toFile());
        assertTrue(r.get("interrupted").asBoolean(), r::toString);
        assertEquals(2, r.get("summary").get("not_started").asInt(), r::toString);
        for (JsonNode h : r.get("hosts")) {
            assertEquals("not_started", h.get("status").asText(), h::toString);
        }
        assertTrue(p.stderr().contains("interrupted"), p::text);
    }

    /**
     * SIGTERM once every host has finished (the process waits on a FIFO report): the results are complete,
     * so nothing claims otherwise and the exit code is the run's own.
     */
    @Test
    void sigtermAfterEveryHostFinishedDoesNotClaimPartialResults() throws Exception {
        Path inv = Files.writeString(dir.resolve("inv.yml"), TWO_HOSTS);
        Path fifo = mkfifo("r.json");
        WsusctlProcess p = WsusctlProcess.start(dir, "late", ENV, "audit", "-i", inv.toString(), PLAYBOOK,
                "--no-progress", "--report-junit", dir.resolve("r.xml").toString(), "--report-json", fifo.toString());
        p.awaitWhileAlive(() -> hasTemp("r.xml"), 90, "the reports being written");
        p.signal("TERM");
        Thread.sleep(300);
        String json = Files.readString(fifo);
        assertEquals(0, p.exit(60), p::text);
        assertFalse(JSON.readTree(json).get("interrupted").asBoolean(), json);
        assertFalse(p.stdout().contains("not every host finished"), p::text);
        assertTrue(p.stderr().contains("the interrupt came after every host had finished"), p::text);
        assertTrue(Files.exists(dir.resolve("r.xml")), "the reports were written");
    }

    /** A second signal while reports are being written ends the process at once, leaving no temporary file. */
    @Test
    void aSecondInterruptDuringReportWritingLeavesNoTemporaryFile() throws Exception {
        Path inv = Files.writeString(dir.resolve("inv.yml"), TWO_HOSTS);
        Path fifo = mkfifo("r.html");
        WsusctlProcess p = WsusctlProcess.start(dir, "twice", ENV, "audit", "-i", inv.toString(), PLAYBOOK,
                "--no-progress", "--report-json", dir.resolve("r.json").toString(), "--report-junit",
                dir.resolve("r.xml").toString(), "--report-html", fifo.toString());
        p.awaitWhileAlive(() -> hasTemp("r.json") && hasTemp("r.xml"), 90, "the reports being written");
        p.signal("INT");
        Thread.sleep(300);
        p.signal("INT");
        assertEquals(99, p.exit(30), p::text);
        assertFalse(hasTemp("r.json") || hasTemp("r.xml"), "temporary report files were left");
        assertEquals(0010000, (Integer) Files.getAttribute(fifo, "unix:mode") & 0170000, "the FIFO is still a FIFO");
    }

    /** Ctrl-C with a host that never answers: the run ends within the interrupt's grace, not the host's timeouts. */
    @Test
    void ctrlCWithAHungHostEndsPromptly() throws Exception {
        Path inv = Files.writeString(dir.resolve("inv.yml"), """
                all:
                  vars: { winrm_user: LAB\\\\tester, winrm_password_env: LAB_PW, operation_timeout: 40 }
                  hosts:
                    healthy: { simulate: {} }
                    stuck: { simulate: { fault: hang } }
                """);
        Path report = dir.resolve("r.json");
        WsusctlProcess p = WsusctlProcess.start(dir, "hung", ENV, "audit", "-i", inv.toString(), PLAYBOOK,
                "--no-progress", "--timeout", "300", "--report-json", report.toString());
        p.awaitWhileAlive(() -> {
            try {
                return p.stdout().contains("healthy [simulated] compliant");
            } catch (IOException e) {
                return false;
            }
        }, 90, "the healthy host's result");
        p.signal("INT");
        // The hung host's own timeouts would take 40 s and more; the interrupt ends it after a 2 s grace.
        assertEquals(99, p.exit(20), p::text);
        JsonNode r = JSON.readTree(report.toFile());
        assertTrue(r.get("interrupted").asBoolean());
        assertEquals("compliant", FaultsTest.host(r, "healthy").get("status").asText());
        JsonNode stuck = FaultsTest.host(r, "stuck");
        assertTrue(stuck.get("message").asText().contains("run interrupted"), stuck::toString);
    }

    private boolean hasTemp(String report) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith("." + report + ".")
                    && f.getFileName().toString().endsWith(".tmp"));
        } catch (IOException e) {
            return false;
        }
    }
}
