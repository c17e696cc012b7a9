package org.wsusctl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One hostile endpoint never takes the others down (issue 14, finding 1). Before, an endpoint that answered
 * {@code 200} and then a header line without end drove the shared HTTP client's I/O reactor out of memory, and
 * every healthy host after it failed with "I/O reactor status: STOPPED" and a stack trace on stderr.
 *
 * <p>A real {@code wsusctl audit} process with a 256 MB heap audits healthy hosts beside one host of every
 * hostile shape the simulator has ({@code hostile-*}, see {@code sim/HostileResponder}), each shape both on the
 * HTTP client all unsealed clients share (Basic over HTTP, NTLM over HTTPS) and on a sealing client's own (NTLM
 * over HTTP, Windows' default). Every healthy host is compliant; every hostile host fails alone, with a one-line
 * reason; nothing reaches stderr that looks like a stack trace; the run ends within its deadline.
 */
class HostileEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("LAB_PW", "hostile-pw");
    private static final List<String> SHAPES = List.of("endless-header", "endless-headers", "endless-body",
            "huge-body", "garbage-headers", "drip");
    private static final Pattern STACK = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception\\b|\\bat org\\.");

    @TempDir
    Path dir;

    @Test
    void everyHostileShapeFailsItsHostAloneAndTheOthersAreCompliant() throws Exception {
        StringBuilder inv = new StringBuilder("""
                all:
                  vars:
                    winrm_user: LAB\\\\tester
                    winrm_password_env: LAB_PW
                    connect_timeout: 2
                    operation_timeout: 2
                  children:
                    healthy:
                      vars: { simulate: {} }
                      hosts:
                        ok[01:12]:
                        okb[01:12]: { winrm_transport: basic }
                        oks[01:06]: { winrm_scheme: https, verify_tls: false }
                """);
        for (String shape : SHAPES) {
            inv.append("    ").append(shape).append(":\n")
                    .append("      vars: { simulate: { fault: hostile-").append(shape).append(" } }\n")
                    .append("      hosts:\n")
                    .append("        sealed-").append(shape).append(":\n")
                    .append("        shared-").append(shape).append(": { winrm_transport: basic }\n");
        }
        inv.append("""
                    tls-stall:
                      vars: { simulate: { fault: hostile-tls-stall }, winrm_scheme: https, verify_tls: false }
                      hosts:
                        shared-tls-stall:
                        basic-tls-stall: { winrm_transport: basic }
                """);
        Path inventory = Files.writeString(dir.resolve("inv.yml"), inv.toString());
        Path playbook = Files.writeString(dir.resolve("pool.yml"), """
                name: pool started
                hosts: all
                steps:
                  - name: WsusPool is started
                    module: iis.apppool.state
                    args: { pool: WsusPool, soak_seconds: 0 }
                """);
        Path report = dir.resolve("report.json");

        WsusctlProcess audit = WsusctlProcess.startWith(dir, "audit", ENV, List.of("-Xmx256m"), "audit",
                "-i", inventory.toString(), playbook.toString(), "--no-progress", "--timeout", "30",
                "--report-json", report.toString());
        int exit = audit.exit(240);
        String text = audit.text();
        assertEquals(2, exit, text);
        assertFalse(STACK.matcher(audit.stderr()).find(), "a stack trace reached stderr:\n" + text);
        assertFalse(text.contains("OutOfMemoryError") || text.contains("reactor"), text);

        JsonNode hosts = JSON.readTree(report.toFile()).get("hosts");
        TreeSet<String> failedHostile = new TreeSet<>();
        int healthy = 0;
        for (JsonNode h : hosts) {
            String name = h.get("name").asText();
            String status = h.get("status").asText();
            String message = h.get("message").asText("");
            if (name.startsWith("ok")) {
                healthy++;
                assertEquals("compliant", status, name + ": " + h + "\n" + text);
            } else {
                assertTrue(status.matches("failed|unreachable"), name + ": " + h);
                assertFalse(message.isBlank(), name + " fails without a reason: " + h);
                assertFalse(message.contains("\n"), name + ": not one line: " + message);
                assertFalse(message.contains("\tat "), name + ": " + message);
                failedHostile.add(name);
            }
        }
        assertEquals(30, healthy, text);
        assertEquals(2 * SHAPES.size() + 2, failedHostile.size(), failedHostile + "\n" + text);
    }
}
