package org.wsusctl.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nothing wsusctl sends looks like malware to the host: no text PowerShell would log as a suspicious script block
 * (event 4104, level Warning, even with script block logging off; {@link SuspiciousContent}), and none of the
 * payload-decoding patterns endpoint detection rules key on.
 */
class SuspiciousContentTest {

    /**
     * What detection rules look for beyond PowerShell's own list, matched case-insensitively anywhere in the texts:
     * the decode-and-decompress launcher (Elastic's prebuilt rule "PowerShell Suspicious Payload Encoded and
     * Compressed", 81fe9dc6-a2d7-4192-a2d8-eed98afc766a, keys on FromBase64String with GzipStream or DeflateStream in
     * script block text; its test script rta/powershell_base64_gzip.py in elastic/detection-rules runs a launcher of
     * wsusctl's old shape), {@code -EncodedCommand} in any spelling on a process command line, and
     * Invoke-Expression. PowerShell's list names FromBase64String too, but its matchers cannot see it (they skip
     * digits), so it is listed here.
     */
    static final List<String> DETECTION_PATTERNS = List.of("FromBase64", "ToBase64", "GZipStream", "DeflateStream",
            "Compression", "MemoryStream", "EncodedCommand", " -enc ", " -e ", " -ec ", "Invoke-Expression", "iex ",
            "iex(", "DownloadString");

    /** wsusctl's launcher until this change (PsInvocation at 7e3bf63): the positive control. */
    static final String OLD_LAUNCHER = "powershell.exe -NoProfile -NonInteractive -Command \"$z='H4sIAAAAAAAA/wMAAAAAAAAAAAA=';"
            + "$m=New-Object IO.MemoryStream(,[Convert]::FromBase64String($z));"
            + "$g=New-Object IO.Compression.GZipStream($m,[IO.Compression.CompressionMode]::Decompress);"
            + "$s=(New-Object IO.StreamReader($g,[Text.Encoding]::UTF8)).ReadToEnd();"
            + "Invoke-Command -ScriptBlock ([ScriptBlock]::Create($s))\"";

    @Test
    void theListIsPowerShellsWithItsOwnHashes() {
        List<SuspiciousContent.Signature> list = SuspiciousContent.signatures();
        assertEquals(119, list.size(), "119 signatures in CompiledScriptBlock.cs");
        for (SuspiciousContent.Signature s : list) {
            assertEquals(s.hash(), SuspiciousContent.hash(s.text()), s.text() + ": the hash PowerShell looks up");
        }
        assertEquals(119, list.stream().map(s -> s.text().toLowerCase(Locale.ROOT)).distinct().count());
    }

    /** PowerShell's own cases for its matcher (test/powershell/engine/Api/SuspiciousContentChecker.Tests.ps1). */
    @Test
    void thePortAgreesWithPowerShellsOwnTests() {
        Map<String, String> detect = new java.util.LinkedHashMap<>();
        detect.put("add-TyPe", "Add-Type");
        detect.put("GetDelegateForFunctionPointer", "GetDelegateForFunctionPointer");
        detect.put("ZeroFreeGlobalAllocUnicode", "ZeroFreeGlobalAllocUnicode");
        detect.put("Hello world emit new", "Emit");
        detect.put("xxxx yyyyMakeByRefTypecccc Type 'help' to get help", "MakeByRefType");
        detect.put("emjt TypeHandlebegood", "TypeHandle");
        detect.put("emit*&)(@~>-type", "Emit");
        detect.put("*&)(@~>-typeemit", "Emit");
        detect.put("Type\u0048andle\u2122", "TypeHandle");
        detect.put("\u2122Type\u0048andle\u2122", "TypeHandle");
        detect.put("\uD83D\uDE00Type\u0048andle\uD83D\uDE00", "TypeHandle");
        detect.put("xx\u0048\u0048xx()xxx--xx[]xx;'xpox?/xxemit", "Emit");
        for (Map.Entry<String, String> e : detect.entrySet()) {
            List<SuspiciousContent.Finding> f = SuspiciousContent.rollingHash(e.getKey());
            assertFalse(f.isEmpty(), e.getKey());
            assertEquals(e.getValue(), f.get(0).signature(), e.getKey());
        }
        for (String clean : List.of("PowerShell Preview Extension v2022.11.2", "add-typu", "GetDelegateForFunctionPointfr",
                "emjt TypeHandlfe", "Get*&)(@~>-Types")) {
            assertEquals(List.of(), SuspiciousContent.rollingHash(clean), clean);
        }
    }

    @Test
    void windowsPowerShell51MatchesWholeWordsOnly() {
        assertEquals("MemoryStream", SuspiciousContent.wholeWords("New-Object IO.MemoryStream(").get(0).signature());
        assertEquals(List.of(), SuspiciousContent.wholeWords("$x.MemoryStreams"));
        assertFalse(SuspiciousContent.rollingHash("$x.MemoryStreams").isEmpty(), "6.1+ matches inside words");
        assertEquals(List.of(), SuspiciousContent.scan("[Convert]::FromBase64String($z)"),
                "neither matcher can match a signature with digits");
    }

    @Test
    void theSyntaxRulesFindDynamicMembersAndTypeAccess() {
        for (String bad : List.of("$o.$name", "$o.('Name')", "$o.\"$n\"", "$t::Parse('1')", "([type]'int')::MaxValue",
                "[Type]'x'", "[System.Type]$t")) {
            assertFalse(SuspiciousContent.syntax(bad).isEmpty(), bad);
        }
        for (String ok : List.of("$o.Name", "$o.'Name'", "[int]::MaxValue", "$env:X", "[ScriptBlock]::Create($s)",
                "1..(3)", "$a[$i]")) {
            assertEquals(List.of(), SuspiciousContent.syntax(ok), ok);
        }
    }

    @Test
    void theOldLauncherIsFlagged() {
        List<SuspiciousContent.Finding> found = SuspiciousContent.scan(SentText.commandText(OLD_LAUNCHER));
        assertTrue(found.stream().anyMatch(f -> f.signature().equals("MemoryStream")), found.toString());
        assertFalse(detectionPatterns(OLD_LAUNCHER).isEmpty());
    }

    /** Every command line, environment variable and created script wsusctl sends is clean, and fits cmd.exe. */
    @Test
    void nothingSentIsSuspicious() {
        List<String> problems = new ArrayList<>();
        List<SentTexts.Sent> all = SentTexts.all();
        for (SentTexts.Sent s : all) {
            for (String text : s.texts()) {
                for (SuspiciousContent.Finding f : SuspiciousContent.scan(text)) {
                    problems.add(s.name() + ": " + f);
                }
                for (String p : detectionPatterns(text)) {
                    problems.add(s.name() + ": detection pattern '" + p.strip() + "'");
                }
            }
            String inner = SentText.commandText(s.line());
            if (inner.contains("\"") || inner.contains("%") || inner.contains("!")) {
                problems.add(s.name() + ": a character cmd.exe interprets inside the quotes");
            }
            if (s.line().length() > PsInvocation.MAX_COMMAND_CHARS) {
                problems.add(s.name() + ": " + s.line().length() + " characters, over " + PsInvocation.MAX_COMMAND_CHARS);
            }
            assertEquals(s.batch(), SentText.script(s.line(), s.environment()), s.name() + ": runs what it says");
        }
        assertEquals(List.of(), problems, all.size() + " command lines checked");
        assertTrue(all.size() > 40, "texts checked: " + all.size());
    }

    private static List<String> detectionPatterns(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return DETECTION_PATTERNS.stream().filter(p -> lower.contains(p.toLowerCase(Locale.ROOT))).toList();
    }
}
