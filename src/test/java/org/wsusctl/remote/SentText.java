package org.wsusctl.remote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads what wsusctl sent, for tests, independently of both the runner and the simulator (regular expressions
 * over the exact launcher shape, where the simulator has a parser): the script text a launcher command line
 * assembles from the shell's environment and its own code lines, and the units of a batch with their decoded
 * arguments.
 */
public final class SentText {
    private static final Pattern LINE = Pattern.compile(
            "powershell\\.exe -NoProfile -NonInteractive -Command \"Invoke-Command -ScriptBlock \\(\\[ScriptBlock]::Create"
                    + "\\(\\((.*)\\) -join \\[Environment]::NewLine\\)\\)\"");
    private static final String QUOTED = "'(?:[^']|'')*'";
    private static final Pattern ITEM = Pattern.compile("\\$env:([A-Z0-9_]+)|(" + QUOTED + ")|\\(((?:" + QUOTED
            + "|\\+|\\[char]\\d+)+)\\)");
    private static final Pattern TERM = Pattern.compile("(" + QUOTED + ")|\\[char](\\d+)");
    private static final Pattern UNIT = Pattern.compile(
            "(?m)^Invoke-WsusctlUnit -Unit '([A-Za-z0-9_-]+)' -ArgsHex '([0-9a-f]*)' -Body \\{\\r\\n"
                    + "# wsusctl-script: ([a-z0-9._-]+) (read-only|mutating)\\r\\n");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One unit as sent: the script named in its header and its decoded arguments. */
    public record Unit(String id, String scriptId, boolean mutating, Map<String, Object> args) { }

    private SentText() { }

    /** The -Command text of a launcher command line (what PowerShell parses as its first script block). */
    public static String commandText(String commandLine) {
        String head = "powershell.exe -NoProfile -NonInteractive -Command \"";
        if (!commandLine.startsWith(head) || !commandLine.endsWith("\"")) {
            throw new AssertionError("not a wsusctl launcher: " + commandLine);
        }
        return commandLine.substring(head.length(), commandLine.length() - 1);
    }

    /** The script text the launcher creates and runs, given the shell's environment. */
    public static String script(String commandLine, Map<String, String> environment) {
        Matcher m = LINE.matcher(commandLine);
        if (!m.matches()) {
            throw new AssertionError("not a wsusctl launcher: " + commandLine);
        }
        String items = m.group(1);
        List<String> parts = new ArrayList<>();
        Matcher i = ITEM.matcher(items);
        int at = 0;
        while (at < items.length()) {
            if (!i.find(at) || i.start() != at) {
                throw new AssertionError("unexpected launcher item at " + at + ": " + items.substring(at));
            }
            if (i.group(1) != null) {
                parts.add(environment.getOrDefault(i.group(1), ""));
            } else if (i.group(2) != null) {
                parts.add(unquote(i.group(2)));
            } else {
                StringBuilder sb = new StringBuilder();
                Matcher t = TERM.matcher(i.group(3));
                while (t.find()) {
                    sb.append(t.group(1) != null ? unquote(t.group(1)) : String.valueOf((char) Integer.parseInt(t.group(2))));
                }
                parts.add(sb.toString());
            }
            at = i.end();
            if (at < items.length()) {
                if (items.charAt(at) != ',') {
                    throw new AssertionError("expected ',' at " + at + ": " + items.substring(at));
                }
                at++;
            }
        }
        return String.join("\r\n", parts);
    }

    /** Every unit of a batch text, in order. */
    public static List<Unit> units(String batchText) {
        List<Unit> out = new ArrayList<>();
        Matcher m = UNIT.matcher(batchText);
        while (m.find()) {
            out.add(new Unit(m.group(1), m.group(3), m.group(4).equals("mutating"), args(m.group(2))));
        }
        return out;
    }

    /** A unit's arguments from their hex. */
    public static Map<String, Object> args(String hex) {
        try {
            return JSON.readValue(new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8),
                    new TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("''", "'");
    }
}
