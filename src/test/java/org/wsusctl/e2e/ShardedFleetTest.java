package org.wsusctl.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's proof: a 300-host simulated fleet audited and applied as 4 shards, each in its own JVM with its own
 * simulator (and, for apply, its own {@code --sim-state} and journal, as on 4 runners), merged with
 * {@code report merge}, gives what one run over the whole fleet gives: the same status for every host and step,
 * the same root causes, summary and exit code. And {@code max_parallel_fixes} held across the shards, read from the
 * simulators' own record of when each fix changed a server.
 *
 * <p>Why the shards and the single run see the same servers: a simulated server starts from its inventory
 * {@code simulate:} mapping in every process (no state file is shared, so no shard sees another's changes, and
 * the single run starts fresh too); faults are deterministic per host ({@code garbage} seeds on the host's name);
 * and the playbook has no {@code serial:}, whose batches are cut per process.
 *
 * <p>How the gate is read: the gated servers take {@value #GATED_STARTUP_MS} ms to start each PowerShell
 * process ({@code ps_startup_ms}), and a fix's change happens after that start-up, which begins only once the
 * command arrived, that is after wsusctl let the fix through the gate; so the interval
 * {@code [change - startup, change]} lies inside the time the fix held its permit. At no instant may more hosts of
 * a group be inside such an interval than the group's {@code max_parallel_fixes}. (Each gated server has exactly
 * one fix, whose change is recorded before the modelled soak moves that server's clock.)
 *
 * <p>What catches a split group: the time check sees a cross-shard violation only when two processes fix hosts
 * of one group within the same {@value #GATED_STARTUP_MS} ms, and separate JVMs drift apart by seconds (with
 * every host its own placement key, tried on a loaded 2-core machine, the time check still passed). So the test
 * also asserts, from the shard reports, that each group ran whole in one shard: with that, the group's one
 * process gate is the fleet's gate, and the time check proves that gate held. {@code ShardingTest} pins the
 * placement rule itself.
 */
class ShardedFleetTest {
    private static final int HOSTS = 300;
    private static final int SHARDS = 4;
    static final long GATED_STARTUP_MS = 300;
    private static final String PLAYBOOK = "src/test/resources/e2e/sharded-fleet.yml";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** SUSDB groups: name, max_parallel_fixes, first and last host number. */
    private static final List<Object[]> GROUPS = List.of(
            new Object[] {"susdb_a", 1, 1, 8},
            new Object[] {"susdb_b", 1, 9, 16},
            new Object[] {"susdb_c", 2, 17, 24});
    private static final String PASSWORD = "shard-" + Long.toHexString(System.nanoTime());
    private static final Map<String, String> ENV = Map.of("SHARD_TEST_PW", PASSWORD);

    @TempDir
    Path dir;

    @Test
    void fourShardsAuditLikeOneRun() throws Exception {
        Path inv = inventory();
        Outcome one = single("audit", inv, List.of());
        Outcome merged = sharded("audit", inv, i -> List.of());
        assertEquals(2, one.exit(), "drift found: " + one.run);
        assertSame(one, merged);
        for (JsonNode h : merged.report.get("hosts")) {
            assertEquals(0, h.path("simulated").path("changes").asLong(-1), () -> "an audit changed " + h);
        }
    }

    @Test
    void fourShardsApplyLikeOneRunAndTheFixGateHoldsAcrossThem() throws Exception {
        Path inv = inventory();
        Outcome one = single("apply", inv, List.of("--journal", dir.resolve("one.jsonl").toString(), "--sim-state",
                dir.resolve("one-state.json").toString()));
        Outcome merged = sharded("apply", inv, i -> List.of("--journal", dir.resolve("j" + i + ".jsonl").toString(),
                "--sim-state", dir.resolve("state" + i + ".json").toString()));
        assertEquals(2, one.exit(), "failed hosts, and sysadmin drift left for approval: " + one.run);
        assertTrue(one.report.get("summary").get("fixed").asInt() > 100, () -> one.report.get("summary").toString());
        assertSame(one, merged);

        // The servers end in the same state whether the fleet was applied in one run or in shards.
        Map<String, JsonNode> alone = simHosts(dir.resolve("one-state.json"));
        Map<String, JsonNode> inShards = new TreeMap<>();
        for (int i = 1; i <= SHARDS; i++) {
            inShards.putAll(simHosts(dir.resolve("state" + i + ".json")));
        }
        assertEquals(alone.keySet(), inShards.keySet());
        alone.forEach((host, state) -> assertEquals(state.get("server"), inShards.get(host).get("server"), host));

        // The gate held across the shards, by the simulators' clocks.
        for (Object[] g : GROUPS) {
            String group = (String) g[0];
            int max = (int) g[1];
            Map<String, List<Instant>> changes = new TreeMap<>();
            for (int n = (int) g[2]; n <= (int) g[3]; n++) {
                List<Instant> at = new ArrayList<>();
                inShards.get(name(n)).get("changes").forEach(c -> at.add(Instant.parse(c.get("at").asText())));
                assertEquals(1, at.size(), name(n) + " has one fix (WsusService started): " + at);
                changes.put(name(n), at);
            }
            int most = mostAtOnce(changes);
            assertTrue(most <= max, group + " (max_parallel_fixes " + max + "): " + most
                    + " hosts were being fixed at one moment: " + changes);
            assertTrue(most >= 1, group);
        }
    }

    /** The greatest number of hosts whose {@code [change - startup, change]} intervals overlap at one instant. */
    static int mostAtOnce(Map<String, List<Instant>> changes) {
        record Edge(long at, int delta) { }
        List<Edge> edges = new ArrayList<>();
        changes.forEach((host, list) -> list.forEach(t -> {
            long end = TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano();
            edges.add(new Edge(end - TimeUnit.MILLISECONDS.toNanos(GATED_STARTUP_MS), 1));
            edges.add(new Edge(end, -1));
        }));
        // an interval that ends where another starts does not overlap it
        edges.sort((a, b) -> a.at() != b.at() ? Long.compare(a.at(), b.at()) : Integer.compare(a.delta(), b.delta()));
        int now = 0;
        int most = 0;
        for (Edge e : edges) {
            now += e.delta();
            most = Math.max(most, now);
        }
        return most;
    }

    private record Outcome(int exit, JsonNode report, String run) { }

    private Outcome single(String mode, Path inv, List<String> extra) throws Exception {
        Path json = dir.resolve(mode + "-one.json");
        List<String> args = new ArrayList<>(List.of(mode, "-i", inv.toString(), PLAYBOOK, "--no-progress",
                "--no-retry-file", "--report-json", json.toString()));
        args.addAll(extra);
        CliRun run = CliRun.run(ENV, args.toArray(String[]::new));
        JsonNode report = JSON.readTree(json.toFile());
        assertEquals(HOSTS, report.get("summary").get("hosts").asInt(), run::toString);
        return new Outcome(run.exitCode(), report, "exit " + run.exitCode() + "\n" + run.err());
    }

    private interface PerShard {
        List<String> args(int shard);
    }

    /** The fleet in {@link #SHARDS} processes at once, then {@code report merge} of their JSON reports. */
    private Outcome sharded(String mode, Path inv, PerShard extra) throws Exception {
        List<Process> procs = new ArrayList<>();
        List<Path> reports = new ArrayList<>();
        for (int i = 1; i <= SHARDS; i++) {
            Path json = dir.resolve(mode + "-shard" + i + ".json");
            reports.add(json);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // short runs on a shared 2-core CI box: C1 only and the serial collector cost the least CPU
                    "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    "org.wsusctl.cli.Main", mode, "-i", inv.toString(), PLAYBOOK, "--shard", i + "/" + SHARDS,
                    "--no-progress", "--no-retry-file", "--report-json", json.toString()));
            cmd.addAll(extra.args(i));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve(mode + i + ".out").toFile())
                    .redirectError(dir.resolve(mode + i + ".err").toFile());
            pb.environment().putAll(ENV);
            pb.environment().put("XDG_STATE_HOME", dir.toString());
            procs.add(pb.start());
        }
        int[] exits = new int[SHARDS];
        try {
            for (int i = 0; i < SHARDS; i++) {
                assertTrue(procs.get(i).waitFor(300, TimeUnit.SECONDS), "shard " + (i + 1) + " did not finish");
                exits[i] = procs.get(i).exitValue();
            }
        } finally {
            procs.forEach(Process::destroyForcibly);
        }
        StringBuilder log = new StringBuilder();
        int shardHosts = 0;
        Map<String, Integer> shardOf = new HashMap<>();
        for (int i = 1; i <= SHARDS; i++) {
            log.append("shard ").append(i).append(": exit ").append(exits[i - 1]).append('\n')
                    .append(Files.readString(dir.resolve(mode + i + ".err")));
            JsonNode r = JSON.readTree(reports.get(i - 1).toFile());
            assertEquals(i, r.get("shard").get("index").asInt());
            assertEquals(SHARDS, r.get("shard").get("total").asInt());
            assertEquals(HOSTS, r.get("selected_hosts").asInt(), "the fleet before sharding");
            shardHosts += r.get("summary").get("hosts").asInt();
            for (JsonNode h : r.get("hosts")) {
                shardOf.put(h.get("name").asText(), i);
            }
            assertTrue(r.get("summary").get("hosts").asInt() < HOSTS / 2, () -> "a fair split: " + r.get("summary"));
        }
        assertEquals(HOSTS, shardHosts, log::toString);
        for (Object[] g : GROUPS) {
            Set<Integer> where = new TreeSet<>();
            for (int n = (int) g[2]; n <= (int) g[3]; n++) {
                where.add(shardOf.get(name(n)));
            }
            assertEquals(1, where.size(), g[0] + " (max_parallel_fixes) is kept in one shard: " + where);
        }

        Path merged = dir.resolve(mode + "-merged.json");
        List<String> args = new ArrayList<>(List.of("report", "merge"));
        reports.forEach(r -> args.add(r.toString()));
        args.addAll(List.of("--report-json", merged.toString(), "--report-html",
                dir.resolve(mode + "-merged.html").toString(), "--report-junit", dir.resolve(mode + "-merged.xml").toString()));
        CliRun m = CliRun.run(ENV, args.toArray(String[]::new));
        JsonNode report = JSON.readTree(merged.toFile());
        assertSchema(report);
        assertTrue(m.out().contains("hosts=" + HOSTS + " compliant="), m::toString);
        assertEquals(HOSTS, report.get("selected_hosts").asInt());
        assertEquals(SHARDS, report.get("merged").get("reports").size());
        return new Outcome(m.exitCode(), report, log + "\nmerge: " + m);
    }

    private static void assertSame(Outcome one, Outcome merged) {
        assertEquals(one.exit(), merged.exit(), () -> "exit code\none run: " + one.run + "\nshards: " + merged.run);
        assertEquals(one.report.get("summary"), merged.report.get("summary"));
        assertEquals(one.report.get("playbooks"), merged.report.get("playbooks"));
        assertEquals(one.report.get("mode"), merged.report.get("mode"));
        Map<String, String> a = outcomes(one.report);
        Map<String, String> b = outcomes(merged.report);
        assertEquals(a.keySet(), b.keySet());
        a.forEach((host, outcome) -> assertEquals(outcome, b.get(host), host));
    }

    /** Per host: its status, its root causes and each step's status, as one line. */
    private static Map<String, String> outcomes(JsonNode report) {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode h : report.get("hosts")) {
            StringBuilder sb = new StringBuilder(h.get("status").asText()).append(" roots=")
                    .append(h.get("root_causes"));
            for (JsonNode s : h.get("steps")) {
                sb.append(" | ").append(s.get("step").asText()).append('=').append(s.get("status").asText())
                        .append(s.get("blocked_by"));
            }
            out.put(h.get("name").asText(), sb.toString());
        }
        return out;
    }

    private static void assertSchema(JsonNode report) throws Exception {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("schemas/report.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        Set<ValidationMessage> errors = schema.validate(report);
        assertTrue(errors.isEmpty(), () -> "schema violations: " + errors);
    }

    private static Map<String, JsonNode> simHosts(Path state) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        JSON.readTree(state.toFile()).get("hosts").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static String name(int n) {
        return String.format("fleet%03d", n);
    }

    /**
     * 300 simulated servers (Basic: the split is what is tested here, and NTLM's handshake and sealing cost this
     * 1,200-host-run test about a sixth more CPU; NtlmFleetTest covers NTLM fleets): three SUSDB groups of 8 (max_parallel_fixes 1, 1 and 2) whose WsusService is stopped,
     * then the rest: a tenth each with WsusPool stopped, WSUS's default memory limit, W3SVC stopped, the site
     * stopped, the setup account without sysadmin; a few with a service that cannot start, and some unreachable,
     * refusing the login or answering garbage.
     */
    private Path inventory() throws Exception {
        StringBuilder sb = new StringBuilder("""
                all:
                  vars:
                    winrm_user: LAB\\svc-wsus
                    winrm_password_env: SHARD_TEST_PW
                    winrm_transport: basic
                  children:
                """);
        for (Object[] g : GROUPS) {
            sb.append("    ").append(g[0]).append(":\n      vars: { max_parallel_fixes: ").append(g[1])
                    .append(" }\n      hosts:\n");
            for (int n = (int) g[2]; n <= (int) g[3]; n++) {
                sb.append("        ").append(name(n)).append(": { simulate: { latency_ms: 1, ps_startup_ms: ")
                        .append(GATED_STARTUP_MS).append(", services: { WsusService: Stopped } } }\n");
            }
        }
        sb.append("    plain:\n      hosts:\n");
        for (int n = 25; n <= HOSTS; n++) {
            String state;
            if (n % 50 == 7) {
                state = "fault: unreachable";
            } else if (n % 60 == 11) {
                state = "fault: auth-rejected";
            } else if (n % 100 == 13) {
                state = "fault: garbage";
            } else if (n % 40 == 6) {
                state = "services: { WsusService: Failing }";
            } else {
                state = switch (n % 10) {
                    case 1 -> "apppool: { WsusPool: { state: Stopped } }";
                    case 2 -> "apppool: { WsusPool: { private_memory_kb: 1843200 } }";
                    case 3 -> "services: { W3SVC: Stopped }";
                    case 4 -> "site: { state: Stopped }";
                    case 5 -> "sql: { sysadmins: [ \"BUILTIN\\\\Administrators\" ] }";
                    default -> "";
                };
            }
            sb.append("        ").append(name(n)).append(": { simulate: { latency_ms: 1")
                    .append(state.isEmpty() ? "" : ", " + state).append(" } }\n");
        }
        Path inv = dir.resolve("fleet.yml");
        Files.writeString(inv, sb.toString());
        return inv;
    }
}
