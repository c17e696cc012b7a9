package org.wsusctl.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.wsusctl.modules.ArgSpec;
import org.wsusctl.modules.CheckModule;
import org.wsusctl.modules.ModuleArgs;
import org.wsusctl.modules.ModuleRegistry;
import org.wsusctl.modules.WsusModule;

/** The wire form of a batch: where each part travels, size budget, round trip, compaction. */
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

    /**
     * Every host of a fleet stages the same units, and each host's session keeps what it staged until the run ends:
     * the hosts share one instance of each text (20 MB a thousand hosts otherwise).
     */
    @Test
    void hostsStagingTheSameUnitsShareOneInstanceOfEachText() {
        Map<String, String> first = PsInvocation.stage(everyCheck(), true).environment();
        Map<String, String> second = PsInvocation.stage(everyCheck(), true).environment();
        assertEquals(first, second);
        for (String name : first.keySet()) {
            assertSame(first.get(name), second.get(name), name);
        }
    }

    @Test
    void aFullHealthAuditIsOneProcessStagedInTheShellEnvironment() {
        List<PsInvocation.Unit> units = everyCheck();
        PsInvocation.Staged staged = PsInvocation.stage(units, true);
        String batch = PsInvocation.batchText(units);
        System.out.printf("health batch: %d checks, %d chars of PowerShell; staged: %d command line(s) of %d chars, "
                + "%d chars in %d environment variable(s); the same inline would be %d chars (limit %d)%n",
                units.size(), batch.length(), staged.commandLines().size(), staged.commandLines().get(0).length(),
                staged.environment().values().stream().mapToInt(String::length).sum(), staged.environment().size(),
                PsInvocation.commandLine(units).length(), PsInvocation.MAX_COMMAND_CHARS);
        assertEquals(1, staged.commandLines().size(), "one process");
        assertEquals(units, staged.batches().get(0));
        assertTrue(staged.commandLines().get(0).length() < 200, staged.commandLines().get(0));
        assertEquals(List.of(PsInvocation.PREAMBLE_VAR, PsInvocation.ENV_PREFIX + "1"),
                List.copyOf(staged.environment().keySet()));
        assertEquals(batch, SentText.script(staged.commandLines().get(0), staged.environment()),
                "the launcher assembles exactly the batch text");
        assertTrue(staged.runs(units.stream().<ScriptCall<?>>map(PsInvocation.Unit::call).toList()));
        assertFalse(staged.runs(units.subList(1, units.size()).stream().<ScriptCall<?>>map(PsInvocation.Unit::call)
                .toList()));
    }

    @Test
    void aBatchLargerThanOneVariableStillRunsInOneProcess() {
        List<PsInvocation.Unit> units = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (PsInvocation.Unit u : everyCheck()) {
                units.add(new PsInvocation.Unit("r" + i + u.id(), u.call()));
            }
        }
        PsInvocation.Staged staged = PsInvocation.stage(units, true);
        assertTrue(staged.environment().size() > 2, "several variables: " + staged.environment().keySet());
        assertTrue(staged.environment().values().stream().allMatch(v -> v.length() <= PsInvocation.MAX_ENV_CHARS));
        assertEquals(1, staged.commandLines().size());
        assertEquals(PsInvocation.batchText(units), SentText.script(staged.commandLines().get(0), staged.environment()));
    }

    /** {@code copies} of every check, with ids of their own: a playbook of many distinct pools and services. */
    private static List<PsInvocation.Unit> manyUnits(int copies) {
        List<PsInvocation.Unit> units = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            for (PsInvocation.Unit u : everyCheck()) {
                units.add(new PsInvocation.Unit("r" + i + u.id(), u.call()));
            }
        }
        return units;
    }

    private static long createBytes(Map<String, String> env) {
        return env.values().stream().mapToLong(v -> PsInvocation.VARIABLE_OVERHEAD_BYTES + PsInvocation.sentBytes(v))
                .sum();
    }

    @Test
    void theCreateHoldsWhatFitsAndTheRestFollowsOnCommandLinesInOrder() {
        List<PsInvocation.Unit> units = manyUnits(20);
        for (boolean batch : new boolean[] {true, false}) {
            PsInvocation.Staged staged = PsInvocation.stage(units, batch);
            long bytes = createBytes(staged.environment());
            assertTrue(bytes <= PsInvocation.MAX_CREATE_ENV_BYTES, "the Create's environment takes " + bytes + " bytes");
            assertTrue(bytes > PsInvocation.MAX_CREATE_ENV_BYTES - 10_000, "it is filled, not emptied: " + bytes);
            assertEquals(units, staged.batches().stream().flatMap(List::stream).toList(), "every unit once, in order");
            assertTrue(staged.commandLines().size() > (batch ? 2 : units.size() / 2), "later passes: "
                    + staged.commandLines().size());
            List<PsInvocation.Unit> first = staged.batches().get(0);
            assertEquals(PsInvocation.batchText(first), SentText.script(staged.commandLines().get(0),
                    staged.environment()));
            for (int i = 1; i < staged.batches().size(); i++) {
                String line = staged.commandLines().get(i);
                assertTrue(line.length() <= PsInvocation.MAX_COMMAND_CHARS, line.length() + " characters");
                assertEquals(PsInvocation.batchText(staged.batches().get(i)), SentText.script(line,
                        staged.environment()), "a later pass reads the preamble from the Create's environment");
            }
            assertTrue(staged.runs(units.stream().<ScriptCall<?>>map(PsInvocation.Unit::call).toList()),
                    "a re-gather runs all of it again");
        }
    }

    @Test
    void sentBytesCountsWhatAnXmlWriterMayEscapeAtItsWorst() {
        assertEquals(3, PsInvocation.sentBytes("abc"));
        assertEquals(5 + 1, PsInvocation.sentBytes("\r\n"), "the CR of CRLF as &#xd;");
        assertEquals(5 + 4 + 4 + 6 + 6, PsInvocation.sentBytes("&<>\"'"));
        assertEquals(10, PsInvocation.sentBytes("\u00e9"));
    }

    /**
     * Writes the exact PowerShell the tool sends to target/ps-sent/, where {@code make test} parses it with the
     * tree-sitter PowerShell grammar: the health batch and every fix and action as a one-unit batch (the script
     * blocks the launcher creates), and the launchers themselves (the -Command texts: the first pass, each fix
     * after it, a self-contained batch).
     */
    @Test
    void exportsTheTextsSentForTheSyntaxCheck() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "ps-sent");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(dir.resolve("health-batch.ps1"), PsInvocation.batchText(everyCheck()));
        PsInvocation.Staged staged = PsInvocation.stage(everyCheck(), true);
        java.nio.file.Files.writeString(dir.resolve("launcher-first-pass.ps1"),
                SentText.commandText(staged.commandLines().get(0)));
        int n = 0;
        for (SentTexts.Sent s : SentTexts.fixesAndActions()) {
            java.nio.file.Files.writeString(dir.resolve(s.name() + ".sent.ps1"), s.batch());
            java.nio.file.Files.writeString(dir.resolve(s.name() + ".launcher.ps1"), SentText.commandText(s.line()));
            n++;
        }
        java.nio.file.Files.writeString(dir.resolve("launcher-self-contained.ps1"),
                SentText.commandText(PsInvocation.commandLine(everyCheck().subList(0, 2))));
        assertTrue(n > 5, "fixes and actions exported: " + n);
    }

    @Test
    void laterPassesTakeThePreambleFromTheEnvironmentAndStandaloneLinesCarryIt() {
        List<PsInvocation.Unit> units = everyCheck().subList(0, 2);
        String later = PsInvocation.commandLine(units, true);
        String alone = PsInvocation.commandLine(units);
        Map<String, String> env = PsInvocation.stage(List.of(), true).environment();
        assertEquals(List.of(PsInvocation.PREAMBLE_VAR), List.copyOf(env.keySet()), "the preamble is staged even alone");
        assertEquals(PsInvocation.batchText(units), SentText.script(later, env));
        assertEquals(PsInvocation.selfContainedText(units), SentText.script(alone, Map.of()));
        assertTrue(later.length() + 2000 < alone.length(), later.length() + " vs " + alone.length());
        assertFalse(later.contains("function Invoke-WsusctlUnit"));
    }

    @Test
    void noBatchMeansOneProcessPerCheckEachFromTheEnvironment() {
        List<PsInvocation.Unit> units = everyCheck();
        PsInvocation.Staged each = PsInvocation.stage(units, false);
        assertEquals(units.size(), each.commandLines().size());
        assertEquals(units.size() + 1, each.environment().size());
        for (int i = 0; i < units.size(); i++) {
            assertEquals(PsInvocation.batchText(List.of(units.get(i))),
                    SentText.script(each.commandLines().get(i), each.environment()));
        }
    }

    @Test
    void packSplitsWhatDoesNotFitAndKeepsOrder() {
        java.util.Random random = new java.util.Random(42);
        List<PsInvocation.Unit> units = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            byte[] noise = new byte[600];
            random.nextBytes(noise);
            units.add(new PsInvocation.Unit("n" + i, new ScriptCall<>(PsScript.check("facts.iis.pool"),
                    Map.of("pool", "WsusPool", "noise", java.util.HexFormat.of().formatHex(noise)))));
        }
        for (boolean preambleInEnv : List.of(true, false)) {
            List<List<PsInvocation.Unit>> batches = PsInvocation.pack(units, preambleInEnv);
            assertTrue(batches.size() > 1);
            assertEquals(units, batches.stream().flatMap(List::stream).toList());
            for (List<PsInvocation.Unit> b : batches) {
                assertTrue(PsInvocation.commandLine(b, preambleInEnv).length() <= PsInvocation.MAX_COMMAND_CHARS);
            }
        }
    }

    /** An argument that counts how often a unit's text is rendered (its arguments are serialised once per render). */
    public static final class Rendered {
        private final String value;
        private final java.util.concurrent.atomic.AtomicLong renders;

        Rendered(String value, java.util.concurrent.atomic.AtomicLong renders) {
            this.value = value;
            this.renders = renders;
        }

        public String getValue() {
            renders.incrementAndGet();
            return value;
        }
    }

    /** {@code n} units cycling through every check's script, each with its own argument, counting their renders. */
    private static List<PsInvocation.Unit> counted(int n, java.util.concurrent.atomic.AtomicLong renders) {
        List<PsInvocation.Unit> checks = everyCheck();
        List<PsInvocation.Unit> units = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ScriptCall<?> c = checks.get(i % checks.size()).call();
            Map<String, Object> args = new java.util.LinkedHashMap<>(c.args());
            args.put("step", new Rendered("x".repeat(i % 97), renders));
            units.add(new PsInvocation.Unit("u" + (i + 1), new ScriptCall<>(c.script(), args)));
        }
        return units;
    }

    /** The packing as it was: re-render the growing batch for every unit. What {@link PsInvocation#pack} must match. */
    private static List<List<PsInvocation.Unit>> packByRendering(List<PsInvocation.Unit> units, boolean preambleInEnv) {
        List<List<PsInvocation.Unit>> batches = new ArrayList<>();
        List<PsInvocation.Unit> current = new ArrayList<>();
        for (PsInvocation.Unit u : units) {
            current.add(u);
            if (PsInvocation.commandLine(current, preambleInEnv).length() > PsInvocation.MAX_COMMAND_CHARS) {
                current.remove(current.size() - 1);
                batches.add(current);
                current = new ArrayList<>(List.of(u));
            }
        }
        batches.add(current);
        return batches;
    }

    @Test
    void packRendersEachUnitOnceAndSplitsExactlyWhereRenderingTheBatchWould() {
        // Issue 14, finding 13: packing re-rendered the whole batch for every unit it added.
        for (boolean preambleInEnv : List.of(true, false)) {
            for (int n : new int[] {1_000, 10_000}) {
                java.util.concurrent.atomic.AtomicLong renders = new java.util.concurrent.atomic.AtomicLong();
                List<List<PsInvocation.Unit>> batches = PsInvocation.pack(counted(n, renders), preambleInEnv);
                assertEquals(n, renders.get(), n + " units, preamble in env " + preambleInEnv);
                assertEquals(n, batches.stream().mapToInt(List::size).sum());
                assertTrue(batches.size() > 1);
            }
            List<PsInvocation.Unit> units = counted(1_000, new java.util.concurrent.atomic.AtomicLong());
            List<List<PsInvocation.Unit>> batches = PsInvocation.pack(units, preambleInEnv);
            assertEquals(packByRendering(units, preambleInEnv), batches, "the same batches as rendering each");
            for (List<PsInvocation.Unit> b : batches) {
                assertTrue(PsInvocation.commandLine(b, preambleInEnv).length() <= PsInvocation.MAX_COMMAND_CHARS);
            }
        }
    }

    @Test
    void aUnitTooLargeForAnyCommandLineIsRefusedWithItsLength() {
        PsInvocation.Unit huge = new PsInvocation.Unit("u1", new ScriptCall<>(PsScript.check("facts.iis.pool"),
                Map.of("pool", "WsusPool", "noise", "ab".repeat(PsInvocation.MAX_COMMAND_CHARS))));
        for (boolean preambleInEnv : List.of(true, false)) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> PsInvocation.pack(List.of(everyCheck().get(0), huge), preambleInEnv));
            assertEquals("script facts.iis.pool needs a command line of "
                    + PsInvocation.commandLine(List.of(huge), preambleInEnv).length()
                    + " characters even alone (limit " + PsInvocation.MAX_COMMAND_CHARS + ")", e.getMessage());
        }
    }

    @Test
    void theCommandLineCarriesCodeAsTextAndArgumentsOnlyAsHex() {
        for (String hostile : SentTexts.HOSTILE) {
            ScriptCall<ScriptKind.ReadOnly> call = new ScriptCall<>(PsScript.check("facts.iis.pool"),
                    Map.of("pool", hostile));
            List<PsInvocation.Unit> units = List.of(new PsInvocation.Unit("u1", call));
            String line = PsInvocation.commandLine(units);
            for (String part : hostile.split("[\\s;]+")) {
                if (part.length() > 3) {
                    assertFalse(line.contains(part) || line.contains(part.replace("'", "''")), part + " in " + line);
                }
            }
            assertEquals(2, line.chars().filter(c -> c == '"').count(), "only the two quotes around -Command");
            assertFalse(line.contains("%") || line.contains("!"), "nothing cmd.exe expands");
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7F), "printable ASCII only");
            String batch = SentText.script(line, Map.of());
            assertEquals(PsInvocation.selfContainedText(units), batch);
            List<SentText.Unit> sent = SentText.units(batch);
            assertEquals(1, sent.size());
            assertEquals(Map.of("pool", hostile), sent.get(0).args(), "read back unchanged");
            Matcher hex = Pattern.compile("-ArgsHex '([^']*)'").matcher(batch);
            assertTrue(hex.find());
            assertTrue(hex.group(1).matches("[0-9a-f]+"), "only hex digits are spliced in");
        }
    }

    @Test
    void codeCharactersCmdWouldInterpretTravelAsCharCodes() {
        String code = "$a = \"x\" # 100% done!\r\n'it''s'\r\n\"";
        String line = PsLauncher.commandLine(List.of(new PsLauncher.Part.Code(code)));
        assertEquals("powershell.exe -NoProfile -NonInteractive -Command \"Invoke-Command -ScriptBlock ([ScriptBlock]::Create(("
                + "('$a = '+[char]34+'x'+[char]34+' # 100'+[char]37+' done'+[char]33+''),'''it''''s''',(''+[char]34+''))"
                + " -join [Environment]::NewLine))\"", line);
        assertEquals(code, SentText.script(line, Map.of()));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PsLauncher.commandLine(List.of(new PsLauncher.Part.Code("'\u2019'"))));
        assertTrue(e.getMessage().contains("U+2019"), e.getMessage());
    }

    @Test
    void compactionKeepsTheHeaderAndHereStringsAndDropsComments() {
        String script = "# wsusctl-script: x.check read-only\r\n# help\r\n  $a = 1   \r\n\r\n    # indented comment\r\n"
                + "$q = @'\r\n  SELECT 1 -- keep\r\n# not a comment here\r\n'@\r\n  Write-Result @{ a = '#x' }\r\n";
        assertEquals("# wsusctl-script: x.check read-only\n$a = 1\n$q = @'\n  SELECT 1 -- keep\n# not a comment here\n"
                + "'@\nWrite-Result @{ a = '#x' }\n", PsScript.compact(script));
    }
}
