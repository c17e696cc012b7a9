package org.wsusctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command lines {@code make build} trains the start-up archive on ({@code tools/cds/training.args}) still
 * succeed: caught here, in make test, rather than by a failing build. In-process, through the real simulator.
 */
class CdsTrainingTest {
    private static final Path ARGS = Path.of("tools/cds/training.args");

    @Test
    void everyTrainingCommandLineSucceeds() throws Exception {
        List<List<String>> lines = CdsTraining.commandLines(ARGS);
        assertEquals("validate", lines.get(0).get(0), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.get(0).equals("audit")), "an audit trains the WinRM path");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        CliContext ctx = new CliContext(o, new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("WSUSCTL_CDS_TRAINING_PASSWORD", "cds-training-test"), Clock.systemUTC(), false, false);
        int code = CdsTraining.run(new Main(ctx), o, lines);
        String text = out.toString(StandardCharsets.UTF_8) + "\n--- stderr\n" + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("train-ntlm [simulated] compliant"), text);
        assertTrue(text.contains("train-basic [simulated] compliant"), text);
    }

    /** The exit code is the first failure's, and the lines after it still run (the archive sees them too). */
    @Test
    void theFirstFailureIsTheExitCode() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        CliContext ctx = new CliContext(o, o, Map.of(), Clock.systemUTC(), false, false);
        int code = CdsTraining.run(new Main(ctx), o, List.of(List.of("validate"), List.of("no-such-command"),
                List.of("--version")));
        assertEquals(5, code, out::toString);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(3, text.split("cds-training: exit ", -1).length - 1, text);
        assertTrue(text.strip().endsWith("cds-training: exit 0"), text);
    }
}
