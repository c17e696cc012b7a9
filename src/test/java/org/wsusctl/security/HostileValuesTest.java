package org.wsusctl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wsusctl.sim.SimChange;
import org.wsusctl.sim.SimulatedFleet;

/**
 * Hostile values: names no IIS pool, service or SQL login could have are refused before any host is
 * contacted (validate, exit 4) or, when they arrive through a template, fail their step without reaching
 * the wire; odd but valid values ({@code $(...)}, apostrophes, backticks, Unicode quotes, SQL) travel as
 * data: recorded on the wire between client and simulator, they appear only inside base64 arguments, decode
 * to exactly what the playbook said, and the simulated server acts on exactly that name.
 */
class HostileValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PW = "hostile-pw";
    static final String ODD_POOL = "$(Stop-Computer)";
    static final String OBRIEN = "LAB\\O'Brien";
    static final String WILD_LOGIN = "LAB\\\u2018Zo\u00eb\u2019 `$(Stop-Computer)`; DROP LOGIN x; --";
    static final String TEMPLATED_HOSTILE = "'; Stop-Computer; '";

    @TempDir
    Path dir;

    /** YAML double-quoted form of a string. */
    private static String dq(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void literalNamesNoServerCouldHaveAreRefusedAtValidate() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"iis.apppool.state", "pool", "O'Brien"},
                new String[] {"iis.apppool.state", "pool", "'; Stop-Computer; '"},
                new String[] {"iis.apppool.state", "pool", "$(Remove-Item C:\\)"},
                new String[] {"iis.apppool.recycle", "pool", "Wsus`Pool"},
                new String[] {"iis.apppool.private_memory", "pool", "Wsus\nPool"},
                new String[] {"iis.apppool.settings", "pool", "\u2018WsusPool\u2019"},
                new String[] {"service.running", "name", "W3SVC & shutdown /s"},
                new String[] {"service.running", "name", "W3SVC\"; Stop-Computer"},
                new String[] {"http.status", "url", "http://localhost:8530/x'; Stop-Computer; '"},
                new String[] {"sql.sysadmin", "login", "LAB\\a]; DROP LOGIN x; --"},
                new String[] {"sql.sysadmin", "login", "LAB\\x\ny"},
                new String[] {"sql.sysadmin", "login", "O'Brien"});
        StringBuilder pb = new StringBuilder("name: hostile literals\nhosts: all\nsteps:\n");
        List<Integer> argLines = new ArrayList<>();
        int line = 4;
        for (int i = 0; i < cases.size(); i++) {
            String[] c = cases.get(i);
            pb.append("  - name: step ").append(i).append('\n')
                    .append("    module: ").append(c[0]).append('\n')
                    .append("    args: { ").append(c[1]).append(": ").append(dq(c[2])).append(" }\n");
            argLines.add(line + 2);
            line += 3;
        }
        Path file = dir.resolve("hostile.yml");
        Files.writeString(file, pb.toString());

        Cli r = Cli.run(Map.of(), "validate", file.toString());
        assertEquals(4, r.exitCode(), r::toString);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(file.toString()) + ":(\\d+):\\d+: (.*)$").matcher(r.err());
        List<Integer> reported = new ArrayList<>();
        while (m.find()) {
            reported.add(Integer.parseInt(m.group(1)));
        }
        assertEquals(argLines, reported, "one positioned error per hostile value:\n" + r);
        assertFalse(r.showsStackTrace(), r::toString);
    }

    @Test
    void oddButValidValuesTravelAsDataAndTemplatedHostileValuesNeverLeave() throws Exception {
        Map<String, Map<String, Object>> sim = new LinkedHashMap<>();
        sim.put("odd", Map.of(
                "apppool", Map.of(ODD_POOL, Map.of("state", "Stopped")),
                "sql", Map.of("sysadmins", List.of("BUILTIN\\Administrators", OBRIEN, WILD_LOGIN))));
        Path playbook = dir.resolve("odd.yml");
        Files.writeString(playbook, "name: odd values\nhosts: all\nsteps:\n"
                + "  - name: a pool named like a subexpression is started\n"
                + "    module: iis.apppool.state\n"
                + "    args: { pool: " + dq(ODD_POOL) + ", soak_seconds: 0 }\n"
                + "  - name: a login with an apostrophe is sysadmin\n"
                + "    module: sql.sysadmin\n"
                + "    args: { login: " + dq(OBRIEN) + " }\n"
                + "  - name: a login with quotes, backticks and SQL is sysadmin\n"
                + "    module: sql.sysadmin\n"
                + "    args: { login: " + dq(WILD_LOGIN) + " }\n"
                + "  - name: a templated pool name no pool could have\n"
                + "    module: iis.apppool.state\n"
                + "    args: { pool: \"{{ pool_name }}\", soak_seconds: 0 }\n");

        try (SimulatedFleet fleet = TestFleet.start(sim, PW, false);
             RecordingProxy wire = new RecordingProxy(fleet.endpoints().get("odd").getPort())) {
            Path inv = dir.resolve("inv.yml");
            Files.writeString(inv, "all:\n  vars:\n    winrm_user: " + TestFleet.USER + "\n"
                    + "    winrm_password_env: LAB_PW\n    winrm_transport: basic\n    winrm_scheme: http\n"
                    + "    allow_insecure_basic: true\n  hosts:\n    odd:\n      ansible_host: 127.0.0.1\n"
                    + "      winrm_port: " + wire.port() + "\n      pool_name: " + dq(TEMPLATED_HOSTILE) + "\n");
            Cli r = Cli.run(Map.of("LAB_PW", PW), "apply", "-i", inv.toString(), playbook.toString(),
                    "--no-progress", "--journal", dir.resolve("j.jsonl").toString(),
                    "--report-json", dir.resolve("r.json").toString());
            assertEquals(2, r.exitCode(), "the templated step fails:\n" + r);

            JsonNode steps = JSON.readTree(dir.resolve("r.json").toFile()).get("hosts").get(0).get("steps");
            assertEquals("fixed", steps.get(0).get("status").asText(), steps.get(0).toString());
            assertEquals("ok", steps.get(1).get("status").asText(), steps.get(1).toString());
            assertEquals("ok", steps.get(2).get("status").asText(), steps.get(2).toString());
            assertEquals("failed", steps.get(3).get("status").asText(), steps.get(3).toString());
            assertTrue(steps.get(3).get("message").asText().contains("argument \"pool\""), steps.get(3).toString());

            // What the simulated server did: it started exactly the pool named in the playbook.
            List<SimChange> changes = fleet.changes("odd");
            assertEquals(1, changes.size(), changes.toString());
            assertTrue(changes.get(0).toString().contains(ODD_POOL), changes.toString());

            // What travelled: each value decodes exactly from a unit's hex arguments...
            List<RecordingProxy.Unit> units = wire.units();
            assertTrue(units.stream().anyMatch(u -> u.scriptId().equals("facts.iis.pool")
                    && ODD_POOL.equals(u.args().get("pool"))), units.toString());
            assertTrue(units.stream().anyMatch(u -> u.mutating() && u.scriptId().equals("iis.apppool.state.fix")
                    && ODD_POOL.equals(u.args().get("pool"))), units.toString());
            assertTrue(units.stream().anyMatch(u -> u.scriptId().equals("facts.sql")
                    && OBRIEN.equals(u.args().get("login"))), units.toString());
            assertTrue(units.stream().anyMatch(u -> u.scriptId().equals("facts.sql")
                    && WILD_LOGIN.equals(u.args().get("login"))), units.toString());
            // ...the refused template never left, and no value is ever part of script text or the raw request.
            assertFalse(units.stream().anyMatch(u -> u.args().containsValue(TEMPLATED_HOSTILE)), units.toString());
            List<String> batches = wire.batches();
            assertTrue(batches.size() >= 3, "check, fix and verify batches recorded: " + batches.size());
            String sent = wire.sentText();
            for (String raw : List.of(ODD_POOL, "O'Brien", "DROP LOGIN", "Zo\u00eb", "Stop-Computer")) {
                for (String b : batches) {
                    assertFalse(b.contains(raw), "script text contains the raw value " + raw);
                }
                assertFalse(sent.contains(raw), "request bytes contain the raw value " + raw);
            }
        }
    }
}
