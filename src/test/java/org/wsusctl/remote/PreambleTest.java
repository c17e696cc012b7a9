package org.wsusctl.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreambleTest {
    private static final String FULL = PsInvocation.batchText(List.of());

    @Test
    void theSplitLosesNothing() {
        Preamble p = Preamble.parse(FULL);
        assertEquals(FULL, p.full());
        assertTrue(p.functionNames().containsAll(List.of("Invoke-WsusctlUnit", "Get-WsusctlApi", "Write-Facts")));
    }

    @Test
    void aUnitGetsWhatItCallsTransitivelyAndNothingElse() {
        Preamble p = Preamble.parse(FULL);
        String unit = "Invoke-WsusctlUnit -Unit 'u1' -ArgsHex '7b7d' -Body {\r\nparam($P)\r\n$api = Get-WsusctlApi\r\n}";
        String text = p.forCode(unit);
        assertTrue(text.contains("function Get-WsusctlApi"), "called");
        assertTrue(text.contains("function Get-WsusctlSslPort"), "called by Get-WsusctlApi");
        assertTrue(text.contains("function ConvertFrom-WsusctlHex"), "called by Invoke-WsusctlUnit");
        assertTrue(text.contains("$ErrorActionPreference = 'Stop'"), "the header always travels");
        assertFalse(text.contains("function Invoke-WsusctlWarmup"), "not called");
        assertFalse(text.contains("function Get-NullableDouble"), "not called");
    }

    @Test
    void aSelfContainedUnitIsSmallerThanTheWholePreambleAndStillRunsWhatItCalls() {
        ScriptCall<ScriptKind.ReadOnly> call = new ScriptCall<>(PsScript.check("facts.iis.pool"), Map.of("pool", "WsusPool"));
        String text = PsInvocation.scriptText(call);
        assertTrue(text.length() < FULL.length() + call.script().wireText().length());
        assertTrue(text.contains("function Write-Facts"));
    }

    @Test
    void aNestedFunctionWouldBreakTheSplitAndIsRefused() {
        assertThrows(IllegalStateException.class,
                () -> Preamble.parse("$a = 1\r\nfunction Get-A {\r\nif ($x) {\r\nfunction Get-B { 1 }\r\n}\r\n}"));
    }
}
