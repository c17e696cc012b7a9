package org.wsusctl.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsusctl.remote.ScriptKind.ReadOnly;

/** Which command lines a session sends for each pass, given what the shell's environment holds. */
class ProbeSessionTest {

    /** Records the command lines; answers each unit of the batch it assembles with empty facts. */
    private static final class RecordingShell implements RemoteShell {
        final List<String> lines = new ArrayList<>();
        final Map<String, String> environment;

        RecordingShell(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public PsOutput run(String commandLine) {
            lines.add(commandLine);
            StringBuilder out = new StringBuilder();
            for (SentText.Unit u : SentText.units(SentText.script(commandLine, environment))) {
                out.append(org.wsusctl.contract.Wire.RESULT_PREFIX).append("{\"schema\":\"wsusctl.facts/1\",")
                        .append("\"collectedUtc\":\"2024-01-01T00:00:00Z\",\"facts\":{},\"unit\":\"")
                        .append(u.id()).append("\"}\r\n");
            }
            return new PsOutput(0, out.toString(), "");
        }

        @Override
        public int requestCount() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private static List<ScriptCall<ReadOnly>> healthCalls() {
        List<ScriptCall<ReadOnly>> calls = new ArrayList<>();
        for (PsInvocation.Unit u : PsInvocationTest.everyCheck()) {
            calls.add(new ScriptCall<>(PsScript.check(u.call().script().id()), u.call().args()));
        }
        return calls;
    }

    @Test
    void aRegatherRunsTheStagedBatchAgainAndLaterPassesReadThePreambleFromTheEnvironment() throws Exception {
        List<ScriptCall<ReadOnly>> calls = healthCalls();
        PsInvocation.Staged staged = ProbeSession.stage(calls, true);
        RecordingShell shell = new RecordingShell(staged.environment());
        FixSession session = new FixSession(shell, true);

        List<UnitResult> first = session.runStaged(staged);
        assertEquals(calls.size(), first.size());
        assertTrue(first.stream().allMatch(r -> r instanceof UnitResult.Facts), first.toString());

        // the same calls again (a re-gather), rebuilt as the engine rebuilds them: the staged line again
        List<UnitResult> again = session.runChecks(healthCalls());
        assertEquals(calls.size(), again.size());
        assertTrue(again.stream().allMatch(r -> r instanceof UnitResult.Facts), again.toString());
        assertEquals(shell.lines.get(0), shell.lines.get(1));

        // other calls: their units on the line, the preamble from the environment
        session.runChecks(calls.subList(0, 2));
        String later = shell.lines.get(2);
        assertTrue(later.contains("$env:" + PsInvocation.PREAMBLE_VAR), later);
        assertFalse(later.contains("function Invoke-WsusctlUnit"), later);

        session.runFix(new ScriptCall<>(PsScript.fix("iis.apppool.state.fix"), Map.of("pool", "WsusPool")));
        String fix = shell.lines.get(3);
        assertTrue(fix.contains("$env:" + PsInvocation.PREAMBLE_VAR) && fix.contains("iis.apppool.state.fix mutating"), fix);
        assertEquals(4, session.invocations());
    }

    @Test
    void withoutAStagedShellEveryLineCarriesThePreamble() throws Exception {
        RecordingShell shell = new RecordingShell(Map.of());
        ProbeSession session = new ProbeSession(shell, true);
        List<UnitResult> r = session.runChecks(healthCalls().subList(0, 1));
        assertTrue(r.get(0) instanceof UnitResult.Facts, r.toString());
        assertFalse(shell.lines.get(0).contains("$env:WSUSCTL"), shell.lines.get(0));
        assertTrue(shell.lines.get(0).contains("function Invoke-WsusctlUnit"));
    }
}
