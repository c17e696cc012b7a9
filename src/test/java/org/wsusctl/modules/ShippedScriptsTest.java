package org.wsusctl.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.wsusctl.remote.PsInvocation;
import org.wsusctl.remote.PsScript;
import org.wsusctl.remote.ScriptCall;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.UnitResult;
import org.wsusctl.sim.SimScriptException;
import org.wsusctl.sim.SimScriptHost;
import org.wsusctl.sim.model.WsusModelFactory;

/** Static guarantees about every shipped script, and that the simulator models every script a module sends. */
class ShippedScriptsTest {
    private static final Path DIR = Path.of("src/main/resources/org/wsusctl/scripts");
    private static final Pattern HEADER = Pattern.compile("# wsusctl-script: ([a-z0-9._-]+) (read-only|mutating)");
    /** What a read-only script must never call: cmdlets and statements that change a host. */
    private static final Pattern MUTATING = Pattern.compile(
            "(?i)\\b(Set|Start|Stop|Restart|New-Web|Remove|Add|Enable|Disable|Invoke-Wsus|Suspend|Resume)-[A-Za-z]+"
                    + "|iisreset|\\bALTER\\s|\\bCREATE\\s|\\bGRANT\\s|\\bDROP\\s|sp_add|sp_executesql|StartSynchronization"
                    + "|\\.Start\\(|\\.Stop\\(|\\.Delete\\(");

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ps1"))
                    .filter(p -> !p.getFileName().toString().startsWith("_")).sorted().toList();
        }
    }

    private static String id(Path p) {
        String f = p.getFileName().toString();
        return f.substring(0, f.length() - 4);
    }

    @Test
    void everyScriptHeaderMatchesItsFileNameAndKind() throws IOException {
        for (Path p : scripts()) {
            String first = Files.readAllLines(p, StandardCharsets.UTF_8).get(0);
            Matcher m = HEADER.matcher(first);
            assertTrue(m.matches(), p + ": bad header line " + first);
            assertEquals(id(p), m.group(1), p + ": header id");
            boolean check = id(p).startsWith("facts.");
            assertEquals(check ? "read-only" : "mutating", m.group(2), p + ": checks are read-only, fixes/actions mutating");
            String text = Files.readString(p);
            assertTrue(text.contains(check ? "READ-ONLY" : "MUTATES"), p + ": help must say READ-ONLY or MUTATES");
            assertTrue(text.contains("wsus-catalog.md"), p + ": help must name the catalog section it follows");
            assertFalse(text.contains("::new("), p + ": ::new needs PowerShell 5; the floor is 3.0");
            assertTrue(text.contains("param($P)"), p + ": arguments arrive only through $P");
        }
    }

    @Test
    void checkScriptsCallNothingThatChangesAHost() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : scripts()) {
            if (!id(p).startsWith("facts.")) {
                continue;
            }
            int n = 0;
            for (String line : Files.readAllLines(p)) {
                n++;
                String code = line.startsWith("#") ? "" : line;
                Matcher m = MUTATING.matcher(code);
                while (m.find()) {
                    found.add(p.getFileName() + ":" + n + ": " + m.group());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theScanWouldCatchAMutatingCall() {
        assertTrue(MUTATING.matcher("Start-WebAppPool -Name $pool").find());
        assertTrue(MUTATING.matcher("$c.CommandText = 'ALTER SERVER ROLE [sysadmin] ADD MEMBER x'").find());
        assertTrue(MUTATING.matcher("& $exe /restart; iisreset").find());
        assertFalse(MUTATING.matcher("Get-WebAppPoolState -Name $pool").find());
    }

    /**
     * A stream-2 redirection under the preamble's {@code $ErrorActionPreference = 'Stop'}: Windows PowerShell 5.1 turns
     * the first stderr line of a native command into a terminating error (PowerShell/PowerShell#4002 and #3996; only
     * PowerShell 7.1 changed it, PR #13361), so the step would report the tool's localized text instead of its exit code.
     */
    private static final Pattern STDERR_REDIRECT = Pattern.compile("\\s2>");
    private static final Pattern LOCAL_CONTINUE = Pattern.compile("&\\s*\\{\\s*\\$ErrorActionPreference\\s*=\\s*'Continue'");

    private static boolean stderrMeetsStop(String line) {
        return STDERR_REDIRECT.matcher(line).find() && !LOCAL_CONTINUE.matcher(line).find();
    }

    @Test
    void noRedirectedStderrMeetsErrorActionStop() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path p : scripts()) {
            int n = 0;
            for (String line : Files.readAllLines(p)) {
                n++;
                if (!line.stripLeading().startsWith("#") && stderrMeetsStop(line)) {
                    found.add(p.getFileName() + ":" + n + ": " + line.strip());
                }
            }
        }
        assertEquals(List.of(), found, "run native commands as & { $ErrorActionPreference = 'Continue'; & $exe 2>&1 }");
        assertTrue(stderrMeetsStop("$null = & $exe /restart 2>&1"), "the scan catches the shape that broke iisreset");
        assertFalse(stderrMeetsStop("$out = & { $ErrorActionPreference = 'Continue'; & $exe /restart 2>&1 }"));
    }

    @Test
    void everyScriptFitsOneCommandLineAlone() throws IOException {
        for (Path p : scripts()) {
            String id = id(p);
            ScriptCall<?> call = id.startsWith("facts.") ? new ScriptCall<>(PsScript.check(id), Map.of("pool", "WsusPool"))
                    : new ScriptCall<>(PsScript.fix(id), Map.of("pool", "WsusPool"));
            int len = PsInvocation.commandLineOf(call).length();
            assertTrue(len <= PsInvocation.MAX_COMMAND_CHARS, id + " needs " + len + " characters");
        }
    }

    @Test
    void everyShippedScriptIsUsedByAModuleAndModelledByTheSimulator() throws IOException {
        TreeSet<String> onDisk = new TreeSet<>();
        for (Path p : scripts()) {
            onDisk.add(id(p));
        }
        TreeSet<String> used = new TreeSet<>();
        SimScriptHost host = new WsusModelFactory().create("wsus01.lab.example", Map.of(), null);
        SimWire wire = new SimWire(host);
        for (WsusModule m : ModuleRegistry.builtIn().all()) {
            ModuleArgs args = TestArgs.of(m, m.name().equals("service.running") ? new Object[] {"name", "WsusService"}
                    : new Object[0]);
            if (m instanceof CheckModule c) {
                for (FactRequest r : c.facts(args)) {
                    used.add(r.section().scriptId());
                    UnitResult u = wire.run(r.call());
                    assertTrue(u instanceof UnitResult.Facts, r + " on a default host: " + u);
                }
                assertEquals(m.fixPolicy() != FixPolicy.NONE, !c.fixScripts().isEmpty(),
                        m.name() + ": fix scripts exist exactly when the policy allows a fix");
                for (PsScript<Mutating> f : c.fixScripts()) {
                    used.add(f.id());
                    assertModelled(host, f.id());
                }
            } else if (m instanceof ActionModule a) {
                ScriptCall<Mutating> call = a.action(args);
                used.add(call.script().id());
                UnitResult r = wire.run(call);
                assertTrue(r instanceof UnitResult.Fix, call.script().id() + " has no working model: " + r);
            }
        }
        assertEquals(onDisk, used);
    }

    /** The simulator knows the script: whatever it answers, it is not PowerShell's "not recognized". */
    private static void assertModelled(SimScriptHost host, String id) {
        try {
            host.runScript(id, true, Map.of("names", List.of(), "pool", "WsusPool", "target_kb", 1, "login", ""));
        } catch (SimScriptException e) {
            assertFalse(e.getMessage().contains("is not recognized"), id + " has no model: " + e.getMessage());
        }
    }
}
