package org.wsusctl.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output path is checked before any host is contacted (issue 14, finding 2): a bad one is exit 5 with
 * its reason and nothing changes on any host; links are written through and FIFOs written into, never
 * replaced by regular files; one file named by two outputs is refused. A bad {@code --log-file} is one line,
 * not a stack trace (finding 9), and a new log file is readable by its owner only (finding 13).
 */
class OutputPathsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ENV = Map.of("LAB_PW", "outputs-pw");
    private static final String PLAYBOOK = "src/test/resources/security/pool-only.yml";

    @TempDir
    Path dir;

    /** One drifted simulated host whose state lives in {@code state.json}: any fix would show there. */
    private Path inventory() throws IOException {
        Path inv = dir.resolve("inv.yml");
        Files.writeString(inv, """
                all:
                  vars: { winrm_user: LAB\\\\tester, winrm_password_env: LAB_PW }
                  hosts:
                    drifted: { simulate: { apppool: { WsusPool: { state: Stopped } } } }
                """);
        return inv;
    }

    private Cli apply(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("apply", "-i", inventory().toString(), PLAYBOOK, "--no-progress"));
        args.addAll(List.of(extra));
        return Cli.run(ENV, args.toArray(String[]::new));
    }

    private void assertRefusedBeforeAnyHost(Cli r, String... named) {
        assertEquals(5, r.exitCode(), r::toString);
        for (String n : named) {
            assertTrue(r.err().contains(n), "expected '" + n + "' in:\n" + r);
        }
        assertEquals(1, r.err().lines().count(), "one line:\n" + r);
        assertFalse(r.showsStackTrace(), r::toString);
        assertFalse(Files.exists(dir.resolve("state.json")), "the simulator never started, so no host was touched");
    }

    @Test
    void aReportPathThatIsADirectoryIsRefusedBeforeAnyFix() throws Exception {
        Path reportDir = Files.createDirectory(dir.resolve("report.json"));
        Cli r = apply("--journal", dir.resolve("j.jsonl").toString(), "--sim-state", dir.resolve("state.json").toString(),
                "--report-json", reportDir.toString());
        assertRefusedBeforeAnyHost(r, "--report-json", "is a directory");
        assertFalse(Files.exists(dir.resolve("j.jsonl")), "no journal line was written");
    }

    @Test
    void oneFileNamedByTwoOutputsIsRefused() throws Exception {
        Path x = dir.resolve("x.out");
        Files.writeString(x, "precious\n");
        Path link = Files.createSymbolicLink(dir.resolve("link-to-x"), x);
        String[][] pairs = {
            {"--journal", x.toString(), "--report-json", x.toString()},
            {"--journal", x.toString(), "--log-file", x.toString()},
            {"--sim-state", x.toString(), "--report-json", x.toString()},
            {"--report-html", link.toString(), "--report-junit", x.toString()},
            {"--report-json", dir.resolve("new.json").toString(), "--report-junit", dir.resolve("./new.json").toString()},
        };
        for (String[] pair : pairs) {
            List<String> args = new ArrayList<>(List.of(pair));
            if (!args.contains("--journal")) {
                args.addAll(List.of("--journal", dir.resolve("j.jsonl").toString()));
            }
            Cli r = apply(args.toArray(String[]::new));
            assertRefusedBeforeAnyHost(r, pair[0], pair[2], "the same file as");
            assertEquals("precious\n", Files.readString(x), "nothing overwrote it");
        }
        Cli r = apply("--journal", dir.resolve("j.jsonl").toString(), "--report-json", dir.resolve("inv.yml").toString());
        assertRefusedBeforeAnyHost(r, "--report-json", "the same file as input file");
    }

    @Test
    void badParentsAndSpecialFilesAreRefusedWithTheirReason() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path fifo = mkfifo("journal.fifo");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere/at/all.json"));
        assertRefusedBeforeAnyHost(apply("--journal", dir.resolve("j.jsonl").toString(),
                "--report-json", file.resolve("r.json").toString()), "--report-json", "is not a directory");
        assertRefusedBeforeAnyHost(apply("--journal", fifo.toString()), "--journal", "FIFO", "expected a regular file");
        assertRefusedBeforeAnyHost(apply("--journal", dir.resolve("j.jsonl").toString(),
                "--sim-state", fifo.toString()), "--sim-state", "FIFO");
        assertRefusedBeforeAnyHost(apply("--journal", dir.resolve("j.jsonl").toString(),
                "--report-junit", dangling.toString()), "--report-junit", "does not exist");
        assertRefusedBeforeAnyHost(apply("--journal", dir.resolve("j.jsonl").toString(),
                "--report-html", "/proc/wsusctl-report.html"), "--report-html", "cannot write in /proc");
        assertRefusedBeforeAnyHost(apply("--journal", dir.toString()), "--journal", "is a directory");
    }

    /** A link is written through (it stays a link, its target gets the report); a FIFO is written into. */
    @Test
    void linksAreWrittenThroughAndFifosWrittenIntoNeverReplaced() throws Exception {
        Path target = Files.writeString(dir.resolve("target.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("report.json"), target);
        Path fifo = mkfifo("junit.fifo");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Cli r = apply("--journal", dir.resolve("j.jsonl").toString(), "--report-json", link.toString(),
                "--report-junit", fifo.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("fixed", JSON.readTree(target.toFile()).get("hosts").get(0).get("status").asText());
        assertTrue(reader.get(30, TimeUnit.SECONDS).contains("<testsuites"), "the FIFO's reader got the report");
        assertTrue(OutputTargetsProbe.isFifo(fifo), "the FIFO is still a FIFO");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void aBadLogFileIsOneLineAndANewLogFileIsOwnerOnly() throws Exception {
        Cli bad = apply("--journal", dir.resolve("j.jsonl").toString(), "--log-file", dir.toString());
        assertRefusedBeforeAnyHost(bad, "--log-file", "is a directory");

        Path log = dir.resolve("logs/debug.log");
        Cli ok = Cli.run(ENV, "audit", "-i", inventory().toString(), PLAYBOOK, "--no-progress", "--log-file",
                log.toString());
        assertEquals(2, ok.exitCode(), ok::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        assertTrue(Files.size(log) > 0, "the log was written");
    }

    private Path mkfifo(String name) throws Exception {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        return p;
    }

    /** Whether a path is a FIFO, as the product decides it. */
    static final class OutputTargetsProbe {
        static boolean isFifo(Path p) throws IOException {
            return ((Integer) Files.getAttribute(p, "unix:mode") & 0170000) == 0010000;
        }
    }
}
