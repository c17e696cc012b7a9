package org.wsusctl.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.wsusctl.modules.ArgSpec;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;

/** The wire form of a batch: size budget, round trip, compaction. */
class PsInvocationTest {

    /**
     * Every fact section the built-in checks read, once each, with their defaults (required names filled in): what
     * a full health audit sends in its first pass.
     */
    static List<PsInvocation.Unit> everyCheck() {
        java.util.Set<org.wsusctl.modules.FactRequest> requests = new java.util.LinkedHashSet<>();
        for (WsusModule m : ModuleRegistry.builtIn().all()) {
            if (m instanceof CheckModule c) {
                Map<String, Object> args = new java.util.LinkedHashMap<>();
                for (ArgSpec a : m.args()) {
                    args.put(a.name(), a.required() ? "WsusService" : a.defaultValue());
                }
                requests.addAll(c.facts(new ModuleArgs(args)));
            }
        }
        List<PsInvocation.Unit> units = new ArrayList<>();
        int n = 0;
        for (org.wsusctl.modules.FactRequest r : requests) {
            units.add(new PsInvocation.Unit("u" + (++n), r.call()));
        }
        return units;
    }

    @Test
    void aFullHealthAuditIsOneProcessStagedInTheShellEnvironment() {
        List<PsInvocation.Unit> units = everyCheck();
        PsInvocation.Staged staged = PsInvocation.stage(units, true);
        int inline = PsInvocation.commandLine(units).length();
        System.out.printf("health batch: %d checks, %d chars of PowerShell, %d chars inline (limit %d), "
                + "staged: %d command line(s) of %d chars, %d chars in the environment%n",
                units.size(), PsInvocation.batchText(units).length(), inline, PsInvocation.MAX_COMMAND_CHARS,
                staged.commandLines().size(), staged.commandLines().get(0).length(),
                staged.environment().values().stream().mapToInt(String::length).sum());
        assertEquals(1, staged.commandLines().size());
        assertEquals(units, staged.batches().get(0));
        if (inline > PsInvocation.MAX_COMMAND_CHARS) {
            assertTrue(staged.commandLines().get(0).length() < 1000);
            assertEquals(1, staged.environment().size(), "the payload travels in the environment");
        } else {
            assertEquals(inline, staged.commandLines().get(0).length(), "it fits one command line");
        }
    }

    /**
     * Writes the exact PowerShell the tool sends (the health batch, and every fix and action as a one-unit
     * batch) to target/ps-sent/, where {@code make test} parses it with the tree-sitter PowerShell grammar.
     */
    @Test
    void exportsTheTextsSentForTheSyntaxCheck() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "ps-sent");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve("health-batch.ps1"), PsInvocation.batchText(everyCheck()));
        int n = 1;
        Map<String, Object> sample = Map.of("names", List.of("WAS", "W3SVC"), "pool", "WsusPool", "target_kb", 4000000,
                "queue_length", 2000, "rapid_fail", "leave", "soak_seconds", 5, "login", "");
        for (WsusModule m : ModuleRegistry.builtIn().all()) {
            Map<String, Object> args = new java.util.LinkedHashMap<>();
            for (ArgSpec a : m.args()) {
                args.put(a.name(), a.required() ? "WsusService" : a.defaultValue());
            }
            List<ScriptCall<?>> calls = new ArrayList<>();
            if (m instanceof org.wsusctl.modules.ActionModule a) {
                calls.add(a.action(new ModuleArgs(args)));
            } else {
                ((CheckModule) m).fixScripts().forEach(f -> calls.add(new ScriptCall<>(f, sample)));
            }
            for (ScriptCall<?> call : calls) {
                String text = PsInvocation.batchText(List.of(new PsInvocation.Unit("u" + n++, call)));
                java.nio.file.Files.writeString(dir.resolve(call.script().id() + ".sent.ps1"), text);
            }
        }
        assertTrue(n > 5, "fixes and actions exported: " + (n - 1));
    }

    @Test
    void smallBatchesStayInlineAndNoBatchMeansOneProcessPerCheck() {
        List<PsInvocation.Unit> units = everyCheck().subList(0, 2);
        PsInvocation.Staged inline = PsInvocation.stage(units, true);
        assertEquals(Map.of(), inline.environment());
        assertEquals(1, inline.commandLines().size());
        PsInvocation.Staged each = PsInvocation.stage(everyCheck(), false);
        assertEquals(everyCheck().size(), each.commandLines().size());
        assertEquals(Map.of(), each.environment());
    }

    @Test
    void packSplitsWhatDoesNotFitAndKeepsOrder() {
        // Arguments that do not compress (random text) make the units too many for one command line.
        java.util.Random random = new java.util.Random(42);
        List<PsInvocation.Unit> units = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] noise = new byte[600];
            random.nextBytes(noise);
            units.add(new PsInvocation.Unit("n" + i, new ScriptCall<>(PsScript.check("facts.iis.pool"),
                    Map.of("pool", "WsusPool", "noise", Base64.getEncoder().encodeToString(noise)))));
        }
        List<List<PsInvocation.Unit>> batches = PsInvocation.pack(units);
        assertTrue(batches.size() > 1);
        List<PsInvocation.Unit> flat = batches.stream().flatMap(List::stream).toList();
        assertEquals(units, flat);
        for (List<PsInvocation.Unit> b : batches) {
            assertTrue(PsInvocation.commandLine(b).length() <= PsInvocation.MAX_COMMAND_CHARS);
        }
    }

    @Test
    void theCommandLineDecodesBackToTheBatchAndCarriesArgumentsOnlyAsBase64() throws Exception {
        ScriptCall<ScriptKind.ReadOnly> call = new ScriptCall<>(PsScript.check("facts.iis.pool"),
                Map.of("pool", "O'Brien $(Remove-Item C:\\) `n"));
        List<PsInvocation.Unit> units = List.of(new PsInvocation.Unit("u1", call));
        String line = PsInvocation.commandLine(units);
        assertFalse(line.contains("O'Brien"));
        assertEquals(2, line.chars().filter(c -> c == '"').count(), "only the two quotes around -Command");
        assertTrue(line.endsWith("\""));
        Matcher m = Pattern.compile("\\$z='([A-Za-z0-9+/=]+)'").matcher(line);
        assertTrue(m.find());
        String batch = new String(new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1))))
                .readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(PsInvocation.batchText(units), batch);
        assertFalse(batch.contains("O'Brien"));
        Matcher a = Pattern.compile("-ArgsB64 '([A-Za-z0-9+/=]*)'").matcher(batch);
        assertTrue(a.find());
        assertEquals("{\"pool\":\"O'Brien $(Remove-Item C:\\\\) `n\"}",
                new String(Base64.getDecoder().decode(a.group(1)), StandardCharsets.UTF_8));
    }

    @Test
    void compactionKeepsTheHeaderAndHereStringsAndDropsComments() {
        String script = "# wsusctl-script: x.check read-only\r\n# help\r\n  $a = 1   \r\n\r\n    # indented comment\r\n"
                + "$q = @'\r\n  SELECT 1 -- keep\r\n# not a comment here\r\n'@\r\n  Write-Result @{ a = '#x' }\r\n";
        assertEquals("# wsusctl-script: x.check read-only\n$a = 1\n$q = @'\n  SELECT 1 -- keep\n# not a comment here\n"
                + "'@\nWrite-Result @{ a = '#x' }\n", PsScript.compact(script));
    }
}
