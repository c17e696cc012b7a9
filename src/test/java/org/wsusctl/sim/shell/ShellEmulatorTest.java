package org.wsusctl.sim.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wsusctl.sim.SimChange;
import org.wsusctl.sim.SimScriptException;
import org.wsusctl.sim.SimScriptHost;

class ShellEmulatorTest {
    private static final HostIdentity ID = new HostIdentity("wsus07.corp.example", "Administrator");
    /** A model that must not be reached by non-batch commands. */
    private static final SimScriptHost NO_MODEL = new SimScriptHost() {
        @Override
        public Map<String, Object> runScript(String scriptId, boolean mutating, Map<String, Object> args) throws SimScriptException {
            throw new AssertionError("model called for " + scriptId);
        }

        @Override
        public List<SimChange> changes() {
            return List.of();
        }

        @Override
        public Map<String, Object> saveState() {
            return Map.of();
        }
    };

    private static ShellOutput run(String line) {
        return ShellEmulator.parse(line, List.of(), ID).run(NO_MODEL);
    }

    private static String enc(String ps) {
        return Base64.getEncoder().encodeToString(ps.getBytes(StandardCharsets.UTF_16LE));
    }

    @Test
    void encodedCommandSpellingsAreAccepted() {
        for (String flag : List.of("-EncodedCommand", "-encodedcommand", "-enc", "-e", "-ec")) {
            ShellOutput o = run("powershell.exe -NoProfile -NonInteractive " + flag + " " + enc("Write-Output x"));
            assertEquals("x\r\n", o.stdout(), flag);
        }
        assertTrue(ShellEmulator.parse("powershell -ExecutionPolicy Bypass -enc " + enc("hostname"), List.of(), ID).powershell());
        assertFalse(ShellEmulator.parse("hostname", List.of(), ID).powershell());
    }

    @Test
    void cmdRefusesLinesPastItsLimitAsWindowsDoes() {
        // an -EncodedCommand script of ~3 KB is past cmd.exe's 8191 characters: Windows runs nothing
        String script = "Write-Output x\n" + "#".repeat(3100);
        String tooLong = "powershell -encodedcommand " + enc(script);
        assertTrue(tooLong.length() > ShellEmulator.CMD_MAX_LINE);
        ParsedCommand parsed = ShellEmulator.parse(tooLong, List.of(), ID);
        assertFalse(parsed.powershell());
        ShellOutput o = parsed.run(NO_MODEL);
        assertEquals("", o.stdout());
        assertEquals("The command line is too long.\r\n", o.stderr());
        assertEquals(1, o.exitCode());
        // the limit counts Command and Arguments together (Ansible sends the script in Arguments)
        ShellOutput split = ShellEmulator.parse("PowerShell", List.of("-NoProfile -EncodedCommand " + enc(script)), ID)
                .run(NO_MODEL);
        assertEquals(1, split.exitCode());
        // exactly at the limit still runs
        String atLimit = "echo " + "a".repeat(ShellEmulator.CMD_MAX_LINE - 5);
        assertEquals(ShellEmulator.CMD_MAX_LINE, atLimit.length());
        assertEquals(0, run(atLimit).exitCode());
    }

    @Test
    void commandTextAndIdentity() {
        assertEquals("wsus07\r\n", run("powershell -Command hostname").stdout());
        assertEquals("wsus07\\administrator\r\n", run("whoami").stdout());
        assertEquals("corp\\svc\r\n", new HostIdentity("h", "CORP\\Svc").whoami() + "\r\n");
        assertEquals("corp\\svc", new HostIdentity("h", "svc@corp.example").whoami());
        assertTrue(run("ipconfig").stdout().contains("IPv4 Address. . . . . . . . . . . : 10.47."));
        assertFalse(run("ipconfig").stdout().contains("127.0.0.1"));
    }

    @Test
    void cmdSegmentsExitAndConditionals() {
        ShellOutput o = run("echo one & exit /b 3 & echo never");
        assertEquals("one \r\n", o.stdout());
        assertEquals(3, o.exitCode());
        ShellOutput c = run("nope && echo skipped");
        assertEquals("", c.stdout());
        assertEquals(1, c.exitCode());
        assertEquals("ECHO is on.\r\n", run("echo").stdout());
    }

    @Test
    void powershellStatementsAndErrorsExitCodes() {
        ShellOutput ok = run("powershell -enc " + enc("Write-Error first\nWrite-Output after"));
        assertEquals("after\r\n", ok.stdout());
        assertEquals(0, ok.exitCode(), "last statement succeeded");
        assertTrue(ok.stderr().startsWith("#< CLIXML\r\n"));
        ShellOutput notFound = run("powershell -enc " + enc("Write-Output a; Get-Thing -x 1"));
        assertEquals(1, notFound.exitCode());
        assertTrue(notFound.stderr().contains("At line:1 char:17"), notFound.stderr());
        assertTrue(notFound.stderr().contains("+ ~~~~~~~~~"), notFound.stderr());
        assertEquals("semi;colon\r\n", run("powershell -enc " + enc("'semi;colon' # comment")).stdout());
    }

    private static final String ARGS = HexFormat.of().formatHex("{\"pool\":\"WsusPool\"}".getBytes(StandardCharsets.UTF_8));
    private static final String BATCH = "# wsusctl-batch/1\r\nfunction X {}\r\n"
            + "Invoke-WsusctlUnit -Unit 'a' -ArgsHex '" + ARGS + "' -Body {\r\n# wsusctl-script: x.check read-only\r\nparam($P)\r\n}\r\n"
            + "Invoke-WsusctlUnit -Unit 'b' -ArgsHex '7b7d' -Body {\r\n# wsusctl-script: x.fix mutating\r\n}\r\n";
    /** Answers a check with its arguments as facts and refuses every fix. */
    private static final SimScriptHost ECHO_MODEL = new SimScriptHost() {
        @Override
        public Map<String, Object> runScript(String scriptId, boolean mutating, Map<String, Object> a) throws SimScriptException {
            if (mutating) {
                throw new SimScriptException("no \u00fc access");
            }
            return org.wsusctl.contract.Envelope.facts(java.time.Instant.EPOCH, a);
        }

        @Override
        public List<SimChange> changes() {
            return List.of();
        }

        @Override
        public Map<String, Object> saveState() {
            return Map.of();
        }
    };

    private static void assertBatchRan(ParsedCommand cmd) {
        assertEquals(List.of(new ScriptRef("x.check", false), new ScriptRef("x.fix", true)), cmd.scripts());
        ShellOutput out = cmd.run(ECHO_MODEL);
        String[] lines = out.stdout().split("\r\n");
        assertEquals(2, lines.length, out.toString());
        assertTrue(lines[0].startsWith("##WSUSCTL## {") && lines[0].contains("\"facts\":{\"pool\":\"WsusPool\"}")
                && lines[0].contains("\"schema\":\"wsusctl.facts/1\"") && lines[0].endsWith("\"unit\":\"a\"}"), lines[0]);
        assertEquals("##WSUSCTL## {\"schema\":\"wsusctl.error/1\",\"message\":\"no \\u00FC access\",\"unit\":\"b\"}",
                lines[1]);
        assertEquals(0, out.exitCode());
    }

    /** wsusctl's launcher: the batch assembled from the shell's environment and single-quoted code lines. */
    @Test
    void theLauncherAssemblesTheBatchFromTheEnvironmentAndItsLines() {
        String[] lines = BATCH.split("\r\n");
        Map<String, String> env = Map.of("WSUSCTL_PREAMBLE", lines[0] + "\r\n" + lines[1],
                "wsusctl_batch_1", String.join("\r\n", List.of(lines).subList(2, lines.length)));
        assertBatchRan(ShellEmulator.parse("powershell.exe -NoProfile -NonInteractive -Command \"Invoke-Command -ScriptBlock "
                + "([ScriptBlock]::Create(($env:WSUSCTL_PREAMBLE,$env:WSUSCTL_BATCH_1) -join [Environment]::NewLine))\"",
                List.of(), ID, env));
        // the same lines on the command line, with the quote and percent cmd.exe would interpret as [char] codes;
        // case and blanks as PowerShell allows them
        StringBuilder items = new StringBuilder("$ENV:wsusctl_preamble");
        for (int i = 2; i < lines.length; i++) {
            items.append(" , '").append(lines[i].replace("'", "''")).append("'");
        }
        items.append(", ('# '+[char]34+'100'+ [char] 37+'''')");
        String line = "powershell -command \"invoke-command -scriptblock ([scriptblock]::create(( " + items
                + " ) -JOIN [System.Environment]::NewLine));\"";
        Map<String, String> preamble = Map.of("WSUSCTL_PREAMBLE", env.get("WSUSCTL_PREAMBLE"));
        assertBatchRan(ShellEmulator.parse(line, List.of(), ID, preamble));
        // and through -EncodedCommand, as Ansible's raw sends a -Command text
        String text = line.substring(line.indexOf('"') + 1, line.length() - 1);
        assertBatchRan(ShellEmulator.parse("PowerShell -NoProfile -NonInteractive -ExecutionPolicy Unrestricted "
                + "-EncodedCommand " + enc(text), List.of(), ID, preamble));
    }

    /** An unset variable is $null, which -join takes as empty: without its environment, the launcher runs nothing. */
    @Test
    void withoutItsEnvironmentTheLauncherRunsNothing() {
        ParsedCommand cmd = ShellEmulator.parse("powershell.exe -Command \"Invoke-Command -ScriptBlock ([ScriptBlock]::Create("
                + "($env:WSUSCTL_PREAMBLE,$env:WSUSCTL_BATCH_1) -join [Environment]::NewLine))\"", List.of(), ID);
        assertEquals(List.of(), cmd.scripts());
        ShellOutput out = cmd.run(NO_MODEL);
        assertEquals("", out.stdout());
        assertEquals(0, out.exitCode());
        // a launcher of another shape is just a script to the simulator, which knows no Invoke-Command
        ShellOutput other = run("powershell.exe -Command \"Invoke-Command -ScriptBlock ([ScriptBlock]::Create($x))\"");
        assertEquals(1, other.exitCode());
        assertTrue(other.stderr().contains("Invoke-Command"), other.stderr());
    }

    @Test
    void unitArgumentsThatAreNotHexFailAsThePreambleWould() {
        String batch = "# wsusctl-batch/1\r\nInvoke-WsusctlUnit -Unit 'a' -ArgsHex '7b7' -Body {\r\n# wsusctl-script: x.check read-only\r\n}"
                + "\r\nInvoke-WsusctlUnit -Unit 'b' -ArgsHex '7bzz' -Body {\r\n# wsusctl-script: x.check read-only\r\n}"
                + "\r\nInvoke-WsusctlUnit -Unit 'c' -ArgsHex '7b' -Body {\r\n# wsusctl-script: x.check read-only\r\n}";
        ShellOutput out = ShellEmulator.parse("powershell -Command \"Invoke-Command -ScriptBlock ([ScriptBlock]::Create("
                + "($env:B) -join [Environment]::NewLine))\"", List.of(), ID, Map.of("B", batch)).run(ECHO_MODEL);
        String[] lines = out.stdout().split("\r\n");
        assertEquals(3, lines.length, out.stdout());
        assertTrue(lines[0].contains("odd number of hex digits"), lines[0]);
        assertTrue(lines[1].contains("Could not find any recognizable digits"), lines[1]);
        assertTrue(lines[2].contains("Invalid JSON primitive"), lines[2]);
    }

    @Test
    void bootstrapBatchRunsUnitsAgainstTheModel() {
        String batch = BATCH;
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(gz)) {
            g.write(batch.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        String line = "powershell.exe -NoProfile -NonInteractive -Command \"$z='" + Base64.getEncoder().encodeToString(gz.toByteArray())
                + "';$m=New-Object IO.MemoryStream(,[Convert]::FromBase64String($z));$g=New-Object IO.Compression.GZipStream($m,"
                + "[IO.Compression.CompressionMode]::Decompress);Invoke-Command\"";
        // wsusctl's bootstrap before it sent plain text: Windows runs it still, and so does the simulator
        assertBatchRan(ShellEmulator.parse(line, List.of(), ID));
    }
}
