package org.wsusctl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wsusctl.engine.HostResult;
import org.wsusctl.engine.HostStatus;
import org.wsusctl.engine.Mode;
import org.wsusctl.engine.RunResult;
import org.wsusctl.engine.StepResult;
import org.wsusctl.engine.StepStatus;

/** What a server sends never reaches the operator's terminal as control characters. */
class TerminalSafetyTest {
    private static final String HOSTILE = "boom\u001b]0;owned\u0007\u001b[2J\u009b31m\r\nfake: ok\u0000\u202Ecod.exe\u200B";

    @Test
    void printableReplacesEveryControlCharacter() {
        assertEquals("a\uFFFD[31mb\uFFFD\uFFFDc\uFFFD", Values.printable("a\u001b[31mb\r\nc\u007f"));
        assertEquals("caf\u00e9 \u20ac \uD83D\uDE00", Values.printable("caf\u00e9 \u20ac \uD83D\uDE00"));
    }

    /**
     * Bidi overrides and isolates, zero-width characters, the BOM and line separators reorder or hide text
     * without being seen (Trojan Source): replaced like controls (issue 14, finding 13).
     */
    @Test
    void printableReplacesBidiAndZeroWidthCharacters() {
        String hostile = "ok\u202Egnp.exe\u200B|\u2066x\u2069|\u200D\uFEFF\u2028\u061C\u00AD\uDC00";
        String shown = Values.printable(hostile);
        shown.codePoints().forEach(cp -> assertTrue(cp < 0x7f && cp >= 0x20 || cp == 0xFFFD,
                "U+" + Integer.toHexString(cp) + " reached the terminal: " + shown));
        assertTrue(shown.startsWith("ok\uFFFDgnp.exe\uFFFD|\uFFFDx\uFFFD|"), shown);
        assertEquals("\"grp\\u202eevil\\u200b\"", org.wsusctl.config.Values.quote("grp\u202Eevil\u200B"));
        assertTrue(new org.wsusctl.config.Diagnostic(new org.wsusctl.config.SourcePos(java.nio.file.Path.of("a\u202E.yml"),
                1, 2), "bad \u200B").format().chars().noneMatch(c -> c == 0x202E || c == 0x200B));
    }

    @Test
    void hostLinesAndRecapCarryNoControlCharacters() {
        Instant t = Instant.parse("2025-03-04T10:15:30Z");
        StepResult failed = new StepResult("pb.yml", "the step", "wsus.services", StepStatus.FAILED, null, null, null,
                "script printed no result; stdout: " + HOSTILE, 3, false, false, null);
        HostResult host = new HostResult("wsus01", "https://wsus01:5986/wsman", HostStatus.FAILED, List.of(failed),
                HOSTILE, 1, 1, 5, Optional.empty());
        RunResult run = new RunResult(Mode.AUDIT, List.of("pb.yml"), t, t, List.of(host), false, false);
        StringWriter w = new StringWriter();
        ConsoleReporter c = new ConsoleReporter(new PrintWriter(w), false, Clock.fixed(t, ZoneOffset.UTC));
        c.runStarted(Mode.AUDIT, 1);
        c.hostFinished(host);
        c.runFinished(run);
        c.printRecap(run, true);
        String out = w.toString();
        for (char ch : out.toCharArray()) {
            assertTrue(ch == '\n' || !org.wsusctl.config.TerminalText.unsafe(ch), "unsafe character U+"
                    + Integer.toHexString(ch) + " in:\n" + out);
        }
        assertTrue(out.contains("boom\uFFFD]0;owned"), out);
        assertFalse(out.lines().anyMatch(l -> l.startsWith("fake: ok")), "a host cannot forge a line of its own");
    }
}
