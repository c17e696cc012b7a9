package org.wsusctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream realOut;
    private PrintStream realErr;
    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(realOut);
        System.setErr(realErr);
        Logging.configure(0, Optional.empty());
    }

    /** What a host sent and a log line repeats cannot drive the terminal (issue 14, finding 13). */
    @Test
    void logLinesCarryNoControlBidiOrZeroWidthCharacters() throws IOException {
        Path file = dir.resolve("debug.log");
        Logging.configure(0, Optional.of(file));
        LogManager.getLogger("org.wsusctl.engine.Engine").warn("host said \u001b[2J\u202Eexe.txt\u200B\r\nFAKE");
        LogManager.getLogger("org.wsusctl.engine.Engine").debug("debug \u202E");
        String console = err.toString(StandardCharsets.UTF_8);
        assertTrue(console.contains("host said \uFFFD[2J\uFFFDexe.txt\uFFFD\uFFFD\uFFFDFAKE"), console);
        String logged = Files.readString(file);
        for (String text : new String[] {console, logged}) {
            text.chars().forEach(c -> assertTrue(c == '\n' || !org.wsusctl.config.TerminalText.unsafe(c),
                    "U+" + Integer.toHexString(c) + " in " + text));
        }
    }

    /** Logs one line at each level from our package, from a library, and through JUL from a library. */
    private static void logEverything(String tag) {
        Logger own = LogManager.getLogger("org.wsusctl.engine.Engine");
        Logger cxf = LogManager.getLogger("org.apache.http.impl.Thing");
        Logger realCxf = LogManager.getLogger("org.apache.cxf.phase.PhaseInterceptorChain");
        own.debug("own-debug-" + tag);
        own.info("own-info-" + tag);
        own.warn("own-warn-" + tag);
        own.error("own-error-" + tag);
        cxf.debug("lib-debug-" + tag);
        cxf.info("lib-info-" + tag);
        cxf.warn("lib-warn-" + tag);
        realCxf.warn("cxf-unwinding-" + tag);
        LogManager.getLogger(Logging.NETTY_REJECTED).error("netty-rejected-" + tag);
        java.util.logging.Logger.getLogger("org.apache.http.jul.Thing").warning("jul-warn-" + tag);
        java.util.logging.Logger.getLogger("javax.xml.soap").warning("saaj-warn-" + tag);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void defaultIsWarnOnStderrAndNothingOnStdout() {
        Logging.configure(0, Optional.empty());
        logEverything("v0");
        String e = stderr();
        assertTrue(e.contains("WARN  Engine: own-warn-v0"), e);
        assertTrue(e.contains("own-error-v0") && e.contains("lib-warn-v0"), e);
        assertTrue(e.contains("jul-warn-v0"), "JUL warnings reach log4j: " + e);
        assertFalse(e.contains("own-info") || e.contains("lib-info") || e.contains("debug"), e);
        assertFalse(e.contains("saaj-warn"), "the harmless SAAJ warning is silenced: " + e);
        assertFalse(e.contains("cxf-unwinding"), "CXF's per-failure warning is silenced: " + e);
        assertFalse(e.contains("netty-rejected"), "Netty's shutdown race is silenced: " + e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void eachVerbosityOpensOurPackagesFirstAndLibrariesOnlyAtThree() {
        Logging.configure(1, Optional.empty());
        logEverything("v1");
        Logging.configure(2, Optional.empty());
        logEverything("v2");
        Logging.configure(3, Optional.empty());
        logEverything("v3");
        String e = stderr();
        assertTrue(e.contains("own-info-v1") && !e.contains("own-debug-v1") && !e.contains("lib-info-v1"), e);
        assertTrue(e.contains("own-debug-v2") && !e.contains("lib-info-v2") && !e.contains("lib-debug-v2"), e);
        assertTrue(e.contains("lib-debug-v3") && e.contains("saaj-warn-v3"), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void logFileGetsEverythingAtDebugWhileTheConsoleStaysQuiet() throws IOException {
        Path file = dir.resolve("wsusctl.log");
        Logging.configure(0, Optional.of(file));
        logEverything("f");
        Logging.configure(0, Optional.empty()); // closes the file appender
        String log = Files.readString(file);
        assertTrue(log.contains("own-debug-f") && log.contains("lib-debug-f") && log.contains("lib-info-f"), log);
        assertTrue(log.contains("DEBUG [") && log.contains("org.wsusctl.engine.Engine: own-debug-f"), log);
        String e = stderr();
        assertFalse(e.contains("debug-f") || e.contains("info-f"), e);
        assertTrue(e.contains("own-warn-f"), e);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
