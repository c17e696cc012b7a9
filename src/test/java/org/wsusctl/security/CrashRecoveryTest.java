package org.wsusctl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad day: {@code kill -9} in the middle of a fix, a disk that refuses the journal's next line, two runs
 * on one simulator state file, a state file that is empty or cut short (issue 14, findings 3, 5, 6, 9).
 * Every run here is a real process or the real command line, over winrm4j into the simulator.
 */
class CrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("LAB_PW", "crash-pw");

    @TempDir
    Path dir;

    private Path playbook() throws IOException {
        Path pb = dir.resolve("pool.yml");
        Files.writeString(pb, """
                name: pool started and sized
                hosts: all
                steps:
                  - name: WsusPool is started
                    module: iis.apppool.state
                    args: { pool: WsusPool, soak_seconds: 0 }
                  - name: WsusPool memory limit
                    module: iis.apppool.private_memory
                    args: { pool: WsusPool }
                """);
        return pb;
    }

    private Path inventory(int hosts, int startupMs) throws IOException {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, """
                all:
                  vars:
                    winrm_user: LAB\\\\tester
                    winrm_password_env: LAB_PW
                    simulate:
                      ps_startup_ms: %d
                      apppool: { WsusPool: { state: Stopped, private_memory_kb: 1843200 } }
                  hosts:
                    broken[1:%d]:
                """.formatted(startupMs, hosts));
        return inv;
    }

    static List<JsonNode> lines(Path journal) {
        try {
            byte[] bytes = Files.readAllBytes(journal);
            if (bytes.length > 0) {
                assertEquals('\n', bytes[bytes.length - 1], "the journal ends with a complete line");
            }
            List<JsonNode> out = new ArrayList<>();
            for (String l : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (!l.isEmpty()) {
                    out.add(JSON.readTree(l)); // throws on half a line
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(List<JsonNode> lines, String host, String phase, String action) {
        return lines.stream().filter(l -> l.path("host").asText().equals(host) && l.path("phase").asText().equals(phase)
                && (action == null || l.path("action").asText().equals(action))).count();
    }

    /**
     * kill -9 while a fix is in flight: the journal still parses line by line, every fix the journal saw
     * finish is in the simulator's saved state (saved as each fix completes, not at exit), the re-run names
     * the fix that may be half-applied (console and JSON) with what it finds now, and converges; a third run
     * has nothing open any more.
     */
    @Test
    void killDashNineMidFixLosesNoFinishedFixAndTheReRunReportsWhatMayBeHalfApplied() throws Exception {
        Path inv = inventory(3, 300);
        Path journal = dir.resolve("journal.jsonl");
        Path state = dir.resolve("state.json");
        WsusctlProcess p = WsusctlProcess.start(dir, "killed", ENV, "apply", "-i", inv.toString(),
                playbook().toString(), "--forks", "1", "--no-progress", "--journal", journal.toString(),
                "--sim-state", state.toString());
        // in flight: at least one fix finished, and the last line is a fix that started
        p.awaitWhileAlive(() -> {
            try {
                if (!Files.exists(journal)) {
                    return false;
                }
                List<String> l = Files.readAllLines(journal);
                return l.stream().anyMatch(x -> x.contains("\"changed\"")) && !l.isEmpty()
                        && l.get(l.size() - 1).contains("\"starting\"");
            } catch (IOException e) {
                return false;
            }
        }, 90, "a second fix in flight");
        p.signal("KILL");
        assertEquals(137, p.exit(30), p::text);

        List<JsonNode> lines = lines(journal);
        JsonNode saved = JSON.readTree(state.toFile()).get("hosts");
        int open = 0;
        for (int i = 1; i <= 3; i++) {
            String host = "broken" + i;
            long finishedChanged = count(lines, host, "finished", "changed");
            long savedChanges = saved.has(host) ? saved.get(host).get("changes").size() : 0;
            assertTrue(savedChanges >= finishedChanged, host + ": the journal says " + finishedChanged
                    + " fixes changed it, the saved state holds " + savedChanges);
            open += (int) (count(lines, host, "starting", null) - count(lines, host, "finished", null));
        }
        assertEquals(1, open, "one fix was in flight at the kill");
        JsonNode cut = lines.get(lines.size() - 1);

        Path report = dir.resolve("rerun.json");
        Cli rerun = Cli.run(ENV, "apply", "-i", inv.toString(), playbook().toString(), "--no-progress",
                "--journal", journal.toString(), "--sim-state", state.toString(), "--report-json", report.toString());
        assertEquals(0, rerun.exitCode(), "the re-run converges: " + rerun);
        JsonNode entries = JSON.readTree(report.toFile()).get("open_journal_entries");
        assertEquals(1, entries.size(), entries::toString);
        assertEquals(cut.get("host").asText(), entries.get(0).get("host").asText());
        assertEquals(cut.get("step").asText(), entries.get(0).get("step").asText());
        assertEquals(cut.get("run").asText(), entries.get(0).get("run").asText());
        assertTrue(entries.get(0).get("now").asText().matches("ok|fixed"), entries.toString());
        assertTrue(rerun.out().contains("cut off in an earlier run") && rerun.out().contains(cut.get("host").asText()),
                rerun::toString);
        assertTrue(rerun.err().contains("started and never finished"), rerun::toString);
        lines(journal);

        Path third = dir.resolve("third.json");
        Cli again = Cli.run(ENV, "apply", "-i", inv.toString(), playbook().toString(), "--no-progress",
                "--journal", journal.toString(), "--sim-state", state.toString(), "--report-json", third.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(0, JSON.readTree(third.toFile()).get("open_journal_entries").size(),
                "the re-run checked the step again, so nothing is open any more: " + again);
    }

    /**
     * The disk refuses the journal's next line half-way (a file size limit, as a full disk would): the line
     * is taken back whole, the fix it announced is not run, and the next run's first line is not glued to
     * half a line.
     */
    @Test
    void aJournalLineThatCannotBeWrittenIsAbsentAndItsFixDoesNotRun() throws Exception {
        Path inv = inventory(1, 0);
        Path journal = dir.resolve("journal.jsonl");
        Path state = dir.resolve("state.json");
        int limit = 64 * 1024;
        String filler = "{\"time\":\"2025-01-01T00:00:00Z\",\"run\":\"old\",\"host\":\"elsewhere\",\"module\":\"m\","
                + "\"step\":\"s\",\"phase\":\"finished\",\"action\":\"unchanged\",\"before\":null,\"after\":null}\n";
        StringBuilder sb = new StringBuilder();
        while (sb.length() + filler.length() < limit - 120) {
            sb.append(filler);
        }
        Files.writeString(journal, sb);
        long before = Files.size(journal);

        WsusctlProcess p = WsusctlProcess.startIn(dir, "limited", ENV, "ulimit -f " + limit / 1024, "apply", "-i",
                inv.toString(), playbook().toString(), "--no-progress", "--journal", journal.toString(),
                "--sim-state", state.toString(), "--report-json", dir.resolve("r.json").toString());
        int code = p.exit(90);
        assertNotEquals(0, code, p::text);
        assertEquals(before, Files.size(journal), "the line that did not fit was taken back whole");
        lines(journal);
        JsonNode host = JSON.readTree(dir.resolve("r.json").toFile()).get("hosts").get(0);
        assertEquals(0, host.get("simulated").get("changes").asLong(), "a fix that cannot be journaled is not run: " + host);
        assertFalse(host.get("steps").toString().contains("\"fixed\""), host.toString());

        Cli next = Cli.run(ENV, "apply", "-i", inv.toString(), playbook().toString(), "--no-progress",
                "--journal", journal.toString(), "--sim-state", state.toString());
        assertEquals(0, next.exitCode(), next::toString);
        List<JsonNode> all = lines(journal);
        assertTrue(all.size() > before / filler.length() + 1, "the next run's lines follow whole lines");
    }

    /**
     * Two runs on one state file: the second refuses at once, naming the first, instead of both running and
     * the last to finish overwriting the other's changes.
     */
    @Test
    void aSecondRunOnTheSameStateFileRefusesWithAClearLine() throws Exception {
        Path inv = inventory(1, 800);
        Path state = dir.resolve("state.json");
        WsusctlProcess first = WsusctlProcess.start(dir, "first", ENV, "apply", "-i", inv.toString(),
                playbook().toString(), "--no-progress", "--journal", dir.resolve("j1.jsonl").toString(),
                "--sim-state", state.toString());
        Path journal = dir.resolve("j1.jsonl");
        first.awaitWhileAlive(() -> Files.exists(journal) && size(journal) > 0, 90, "the first run's first fix");
        Cli second = Cli.run(ENV, "audit", "-i", inv.toString(), playbook().toString(), "--no-progress",
                "--sim-state", state.toString());
        assertEquals(5, second.exitCode(), second::toString);
        assertTrue(second.err().contains("is in use by another wsusctl run (process " + first.process.pid() + ")"),
                second::toString);
        assertEquals(1, second.err().lines().count(), second::toString);
        assertEquals(0, first.exit(90), first::text);
        // the first run's fixes are all there; the second changed nothing
        JsonNode saved = JSON.readTree(state.toFile()).get("hosts").get("broken1");
        assertEquals(count(lines(journal), "broken1", "finished", "changed"), saved.get("changes").size());
    }

    /** An empty, cut-short or foreign state file is an input error with its position: exit 4, one line. */
    @Test
    void aBrokenStateFileIsAnInputErrorWithItsPosition() throws Exception {
        Path inv = inventory(1, 0);
        Path state = dir.resolve("state.json");
        for (String content : new String[] {"", "\n", "{\"schema\":\"wsusctl.sim-state/1\",\"hosts\":{\"broken1\":{",
                "not json at all", "{\"schema\":\"other\"}", "[1,2]"}) {
            Files.writeString(state, content);
            Cli r = Cli.run(ENV, "audit", "-i", inv.toString(), playbook().toString(), "--no-progress",
                    "--sim-state", state.toString());
            assertEquals(4, r.exitCode(), content + ": " + r);
            assertTrue(r.err().startsWith(state + ":") && r.err().contains("--sim-state"), content + ": " + r);
            assertEquals(2, r.err().lines().count(), content + ": " + r);
            assertFalse(r.showsStackTrace(), r::toString);
            assertEquals(content, Files.readString(state), "a broken state file is left as it was");
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
