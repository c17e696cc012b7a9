package org.wsusctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    private static final ObjectMapper M = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void eachFixEventIsOnDiskBeforeTheListenerReturns() throws IOException {
        Path file = dir.resolve("state/wsusctl/journal.jsonl");
        MutableClock clock = new MutableClock(Fleet.T0);
        try (Journal j = Journal.open(file, "run-1", clock)) {
            j.fixStarting("wsus03", "iis.apppool.state", "WsusPool is started", Fleet.map("state", "Stopped"));
            // read while the journal is still open: a crash right now must leave this line
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertEquals(1, lines.size());
            assertEquals(M.readTree("{\"time\":\"2025-03-04T10:15:30Z\",\"run\":\"run-1\",\"host\":\"wsus03\","
                    + "\"module\":\"iis.apppool.state\",\"step\":\"WsusPool is started\",\"phase\":\"starting\","
                    + "\"action\":null,\"before\":{\"state\":\"Stopped\"},\"after\":null}"), M.readTree(lines.get(0)));
            clock.advance(java.time.Duration.ofSeconds(2));
            j.fixFinished("wsus03", "iis.apppool.state", "WsusPool is started", "changed",
                    Fleet.map("state", "Stopped"), Fleet.map("state", "Started"));
            JsonNode fin = M.readTree(Files.readAllLines(file).get(1));
            assertEquals("finished", fin.get("phase").asText());
            assertEquals("changed", fin.get("action").asText());
            assertEquals("Started", fin.get("after").get("state").asText());
            assertEquals("2025-03-04T10:15:32Z", fin.get("time").asText());
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void appendsAcrossRunsAndNeverWritesSecrets() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file)) {
            j.fixStarting("h", "sql.sysadmin", "grant", Fleet.map("login", "CORP\\svc", "password", "hunter2"));
        }
        try (Journal j = Journal.open(file)) {
            j.fixFinished("h", "sql.sysadmin", "grant", "changed", null, Fleet.map("token", "t0k3n"));
        }
        String text = Files.readString(file);
        assertEquals(2, text.lines().count());
        assertFalse(text.contains("hunter2") || text.contains("t0k3n"), text);
        List<String> runs = text.lines().map(l -> {
            try {
                return M.readTree(l).get("run").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
        assertFalse(runs.get(0).equals(runs.get(1)), "each open is a new run id");
    }

    @Test
    void linesFromManyThreadsNeverInterleave() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file)) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            for (int i = 0; i < 60; i++) {
                String host = "wsus" + i;
                pool.execute(() -> j.fixStarting(host, "m", "s", Fleet.map("v", "x".repeat(500))));
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(60, lines.size());
        for (String l : lines) {
            assertEquals(500, M.readTree(l).get("before").get("v").asText().length());
        }
    }

    @Test
    void writeFailureNamesTheJournal() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        Journal j = Journal.open(file);
        j.close();
        org.wsusctl.engine.FixNotRecorded e = assertThrows(org.wsusctl.engine.FixNotRecorded.class,
                () -> j.fixStarting("wsus03", "iis.reset", "IIS reset", null));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("wsus03"), e.getMessage());
    }

    /** A crash inside a write left half a line: it is cut off at open, so no line is ever glued to it. */
    @Test
    void aTornLastLineIsCutOffWhenTheJournalIsOpened() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file)) {
            j.fixStarting("wsus01", "m", "s", Fleet.map("v", 1));
        }
        String whole = Files.readString(file);
        Files.writeString(file, whole + "{\"time\":\"2025-03-04T10:15:30Z\",\"run\":\"x\",\"host\":\"wsu");
        try (Journal j = Journal.open(file)) {
            assertTrue(j.tornBytesRemoved() > 0);
            j.fixFinished("wsus01", "m", "s", "changed", null, null);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), lines::toString);
        for (String l : lines) {
            M.readTree(l);
        }
        assertEquals(whole, lines.get(0) + "\n");
    }

    /**
     * A fix that started and never finished is open: the next run sees it, and once it checked that step on
     * that host again it records so, and the run after sees nothing open.
     */
    @Test
    void openEntriesAreFoundAtStartAndResolvedWhenTheStepIsCheckedAgain() throws IOException {
        Path file = dir.resolve("journal.jsonl");
        try (Journal j = Journal.open(file, "run-1", Clock.systemUTC())) {
            j.fixStarting("wsus01", "iis.apppool.state", "WsusPool is started", Fleet.map("state", "Stopped"));
            j.fixStarting("wsus02", "iis.apppool.state", "WsusPool is started", Fleet.map("state", "Stopped"));
            j.fixFinished("wsus02", "iis.apppool.state", "WsusPool is started", "changed", null, null);
        }
        try (Journal j = Journal.open(file, "run-2", Clock.systemUTC())) {
            assertEquals(1, j.openAtStart().size(), j.openAtStart()::toString);
            Journal.OpenEntry e = j.openAtStart().get(0);
            assertEquals("wsus01", e.host());
            assertEquals("run-1", e.run());
            assertEquals("Stopped", e.before().get("state"));
            j.hostFinished(new org.wsusctl.engine.HostResult("wsus01", "http://x", org.wsusctl.engine.HostStatus.COMPLIANT,
                    List.of(Fleet.poolStarted(org.wsusctl.engine.StepStatus.OK)), null, 1, 1, 1, java.util.Optional.empty()));
            assertEquals("ok", j.openAtStart().get(0).now());
        }
        try (Journal j = Journal.open(file, "run-3", Clock.systemUTC())) {
            assertEquals(List.of(), j.openAtStart());
        }
    }

    @Test
    void defaultPathFollowsXdgStateHome() {
        assertEquals(Path.of("/var/state/wsusctl/journal.jsonl"),
                Journal.defaultPath(Map.of("XDG_STATE_HOME", "/var/state", "HOME", "/home/op")));
        assertEquals(Path.of("/home/op/.local/state/wsusctl/journal.jsonl"),
                Journal.defaultPath(Map.of("HOME", "/home/op")));
        assertEquals(Path.of("/home/op/.local/state/wsusctl/journal.jsonl"),
                Journal.defaultPath(Map.of("XDG_STATE_HOME", "relative/dir", "HOME", "/home/op")));
        assertEquals(Path.of(System.getProperty("user.home"), ".local/state/wsusctl/journal.jsonl"),
                Journal.defaultPath(Map.of()));
    }
}
