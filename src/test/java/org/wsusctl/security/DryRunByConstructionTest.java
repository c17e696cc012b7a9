package org.wsusctl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.remote.ProbeSession;
import org.wsusctl.sim.SimRequest;
import org.wsusctl.sim.SimulatedFleet;

/**
 * Audit never changes a host, by construction: every shipped playbook, audited against servers that each
 * show one or all of the catalog's symptoms, sends only read-only scripts (the simulator's own request
 * log, read on the server side) and leaves no change; and the audit code cannot even name a fix session.
 */
class DryRunByConstructionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PW = "dry-run-pw";

    @TempDir
    Path dir;

    static Map<String, Map<String, Object>> brokenFleet() {
        Map<String, Object> stoppedPool = Map.of("WsusPool", Map.of("state", "Stopped"));
        Map<String, Object> defaultMemory = Map.of("WsusPool", Map.of("private_memory_kb", 1843200));
        Map<String, Object> servicesDown = Map.of("WsusService", "Stopped", "W3SVC", "Stopped", "WAS", "Stopped",
                "MSSQL$MICROSOFT##WID", "Stopped");
        // members given (none): the WinRM account is not in BUILTIN\Administrators, so it lacks sysadmin
        Map<String, Object> noSysadmin = Map.of("flavour", "default", "sysadmins", List.of("BUILTIN\\Administrators"),
                "members", Map.of());
        Map<String, Object> staleClients = Map.of("total", 120, "stale", 12, "stale_offline", 5);
        Map<String, Object> failedSync = Map.of("last_result", "Failed", "hours_ago", 200);
        Map<String, Map<String, Object>> hosts = new LinkedHashMap<>();
        hosts.put("pool-stopped", Map.of("apppool", stoppedPool));
        hosts.put("pool-memory", Map.of("apppool", defaultMemory));
        hosts.put("services-down", Map.of("services", servicesDown));
        hosts.put("no-sysadmin", Map.of("sql", noSysadmin));
        hosts.put("stale-clients", Map.of("clients", staleClients));
        hosts.put("sync-failed", Map.of("sync", failedSync));
        hosts.put("everything", Map.of("apppool", Map.of("WsusPool", Map.of("state", "Stopped",
                "private_memory_kb", 1843200)), "services", servicesDown, "sql", noSysadmin,
                "clients", staleClients, "sync", failedSync));
        return hosts;
    }

    @Test
    void auditingEveryShippedPlaybookOnABrokenFleetSendsOnlyReadOnlyScripts() throws Exception {
        List<String> playbooks;
        try (Stream<Path> files = Files.list(Path.of("playbooks"))) {
            playbooks = files.filter(f -> f.toString().endsWith(".yml")).map(Path::toString).sorted().toList();
        }
        assertTrue(playbooks.size() >= 5, "shipped playbooks: " + playbooks);
        try (SimulatedFleet fleet = TestFleet.start(brokenFleet(), PW, false)) {
            Path inv = dir.resolve("inv.yml");
            Files.writeString(inv, TestFleet.clientInventory(fleet, "    allow_insecure_basic: true\n"));
            List<String> args = new ArrayList<>(List.of("audit", "-i", inv.toString(), "--no-progress",
                    "--report-json", dir.resolve("audit.json").toString()));
            args.addAll(playbooks);
            Cli r = Cli.run(Map.of("LAB_PW", PW), args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), "every host drifts:\n" + r);

            JsonNode report = JSON.readTree(dir.resolve("audit.json").toFile());
            for (JsonNode h : report.get("hosts")) {
                String name = h.get("name").asText();
                // a symptom shows as drift, its consequences as blocked: every broken host is drifted, none failed
                String status = h.get("status").asText();
                assertEquals("drifted", status, name + ": " + h);
                for (JsonNode st : h.get("steps")) {
                    assertTrue(st.get("after").isNull() && !st.get("status").asText().equals("fixed"),
                            name + ": an audit step reports a change: " + st);
                }
                assertTrue(h.toString().contains("\"drift\""), name + " shows its symptom as drift");
            }
            for (String host : brokenFleet().keySet()) {
                assertEquals(0, fleet.changesSinceStart(host), host + " was changed by an audit");
                List<SimRequest> log = fleet.requestLog(host);
                List<String> scripts = log.stream().flatMap(q -> q.scripts().stream()).toList();
                assertTrue(scripts.size() >= 10, host + " received the checks of every playbook: " + scripts);
                for (SimRequest q : log) {
                    assertFalse(q.mutating(), host + " received a mutating script: " + q);
                    q.scripts().forEach(s -> assertTrue(s.startsWith("facts."), host + " received " + s));
                }
            }

            // The detector above can fail: the same fleet under apply records mutating scripts and changes.
            Cli apply = Cli.run(Map.of("LAB_PW", PW), "apply", "-i", inv.toString(), "--no-progress",
                    "--limit", "pool-stopped", "--journal", dir.resolve("j.jsonl").toString(),
                    "src/test/resources/security/pool-only.yml");
            assertEquals(0, apply.exitCode(), apply::toString);
            assertTrue(fleet.requestLog("pool-stopped").stream().anyMatch(SimRequest::mutating));
            assertEquals(1, fleet.changesSinceStart("pool-stopped"));
        }
    }

    /** The audit host run holds only a ProbeSession; no member of it can so much as name a fix. */
    @Test
    void auditHostRunCannotNameAFixSessionOrAMutatingScript() throws Exception {
        Class<?> audit = Class.forName("org.wsusctl.engine.AuditHostRun");
        List<String> signatures = new ArrayList<>();
        for (Field f : audit.getDeclaredFields()) {
            signatures.add("field " + f.getName() + ": " + f.getGenericType().getTypeName());
        }
        for (Method m : audit.getDeclaredMethods()) {
            signatures.add("method " + m.toGenericString());
        }
        for (Constructor<?> c : audit.getDeclaredConstructors()) {
            signatures.add("constructor " + c.toGenericString());
        }
        assertTrue(signatures.stream().anyMatch(s -> s.contains("ProbeSession")), signatures.toString());
        for (String s : signatures) {
            assertFalse(s.contains("FixSession") || s.contains("Mutating") || s.contains("RemoteShell,")
                    || s.matches(".*\\bRemoteShell\\b(?!Factory).*"), "AuditHostRun: " + s);
        }
        // The probe session's public surface takes read-only scripts only, and never hands out its shell.
        for (Method m : ProbeSession.class.getMethods()) {
            assertFalse(m.toGenericString().contains("Mutating"), "ProbeSession exposes " + m);
            assertFalse(m.getReturnType().getSimpleName().equals("RemoteShell"), "ProbeSession exposes " + m);
        }
        assertTrue(Class.forName("org.wsusctl.remote.FixSession").getMethod("runFix",
                org.wsusctl.remote.ScriptCall.class).toGenericString().contains("Mutating"));
    }

    /**
     * What audit code does, read from its bytecode, not only its signatures: the audit host run and the classes it
     * uses to gather, judge and diagnose facts never touch a raw shell, an untyped batch unit, a fix session, a
     * mutating script, an action, or a module's fix planning. (The shared base class opens the shell and hands
     * audit a ProbeSession; the disassembly below shows that no audit class reaches past it.)
     */
    @Test
    void auditCodeReachesNoShellNoUntypedUnitAndNoFixInItsBytecode() throws Exception {
        List<String> forbidden = List.of(
                "org/wsusctl/remote/RemoteShell.", "Lorg/wsusctl/remote/RemoteShell;", "RemoteShellFactory.open",
                "org/wsusctl/remote/PsInvocation$Unit", "org/wsusctl/remote/FixSession",
                "org/wsusctl/remote/ScriptKind$Mutating", "CheckModule.plan", "CheckModule.fixScripts",
                "ActionModule.action", "UnitResults.parse");
        int scanned = 0;
        for (String name : List.of("org.wsusctl.engine.AuditHostRun", "org.wsusctl.engine.Gathering",
                "org.wsusctl.engine.Diagnosis")) {
            String code = disassemble(Class.forName(name));
            assertTrue(code.contains("Code:"), "disassembled " + name);
            for (String f : forbidden) {
                assertFalse(code.contains(f), name + " references " + f);
            }
            scanned++;
        }
        // The scan can fail: the apply host run references exactly what audit must not.
        String apply = disassemble(Class.forName("org.wsusctl.engine.ApplyHostRun"));
        assertTrue(apply.contains("org/wsusctl/remote/FixSession") && apply.contains("CheckModule.plan"), apply);
        assertEquals(3, scanned);
    }

    private static String disassemble(Class<?> c) {
        java.util.spi.ToolProvider javap = java.util.spi.ToolProvider.findFirst("javap").orElseThrow();
        java.io.StringWriter out = new java.io.StringWriter();
        String path = c.getProtectionDomain().getCodeSource().getLocation().getPath()
                + c.getName().replace('.', '/') + ".class";
        assertEquals(0, javap.run(new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()),
                "-c", "-p", "-v", path), "javap " + path);
        return out.toString();
    }
}
