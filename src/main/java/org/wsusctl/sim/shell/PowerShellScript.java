package org.wsusctl.sim.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The smoke-test repertoire of Windows PowerShell 5.1: enough for people and tests to poke a simulated
 * host ({@code hostname}, {@code whoami}, {@code Write-Output}, {@code Write-Host}, {@code Write-Error},
 * {@code echo}, {@code exit N}, {@code $PSVersionTable.PSVersion}, {@code ipconfig}, bare strings).
 * Anything else fails as PowerShell fails for an unknown command. Statements are separated by newlines
 * and semicolons outside quotes.
 */
final class PowerShellScript {
    private record Statement(String text, int line, int column) { }

    private PowerShellScript() { }

    static ShellOutput run(String script, HostIdentity id) {
        StringBuilder out = new StringBuilder();
        List<String> errors = new ArrayList<>();
        boolean lastOk = true;
        for (Statement st : statements(script)) {
            List<String> words = words(st.text());
            if (words.isEmpty()) {
                continue;
            }
            String cmd = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            boolean quotedLiteral = st.text().startsWith("'") || st.text().startsWith("\"");
            lastOk = true;
            if (quotedLiteral && words.size() == 1) {
                out.append(words.get(0)).append(WindowsText.CRLF);
            } else if (cmd.equals("exit")) {
                int code = 0;
                if (!args.isEmpty()) {
                    try {
                        code = Integer.parseInt(args.get(0));
                    } catch (NumberFormatException e) {
                        code = 0;
                    }
                }
                return new ShellOutput(out.toString(), Clixml.errorStream(errors), code);
            } else if (cmd.equals("hostname") || cmd.equals("hostname.exe")) {
                out.append(id.computerName()).append(WindowsText.CRLF);
            } else if (cmd.equals("whoami") || cmd.equals("whoami.exe")) {
                out.append(id.whoami()).append(WindowsText.CRLF);
            } else if (cmd.equals("ipconfig") || cmd.equals("ipconfig.exe")) {
                out.append(WindowsText.ipconfig(id));
            } else if (cmd.equals("write-output") || cmd.equals("echo") || cmd.equals("write")) {
                for (String a : withoutParameter(args, "-inputobject")) {
                    out.append(a).append(WindowsText.CRLF);
                }
            } else if (cmd.equals("write-host")) {
                out.append(String.join(" ", withoutParameter(args, "-object"))).append(WindowsText.CRLF);
            } else if (cmd.equals("write-error")) {
                String message = String.join(" ", withoutParameter(args, "-message"));
                errors.add(st.text() + " : " + message);
                errors.add("    + CategoryInfo          : NotSpecified: (:) [Write-Error], WriteErrorException");
                errors.add("    + FullyQualifiedErrorId : Microsoft.PowerShell.Commands.WriteErrorException");
                errors.add(" ");
                lastOk = false;
            } else if (cmd.equals("$psversiontable.psversion")) {
                out.append(WindowsText.PS_VERSION_TABLE);
            } else {
                String name = words.get(0);
                errors.add(WindowsText.psNotRecognized(name));
                errors.add("At line:" + st.line() + " char:" + st.column());
                errors.add("+ " + st.text());
                errors.add("+ " + "~".repeat(Math.max(1, name.length())));
                errors.add("    + CategoryInfo          : ObjectNotFound: (" + name + ":String) [], CommandNotFoundException");
                errors.add("    + FullyQualifiedErrorId : CommandNotFoundException");
                errors.add(" ");
                lastOk = false;
            }
        }
        // powershell.exe -Command/-EncodedCommand exits 1 when the last statement failed ($? false), else 0
        return new ShellOutput(out.toString(), Clixml.errorStream(errors), lastOk ? 0 : 1);
    }

    private static List<String> withoutParameter(List<String> args, String name) {
        List<String> r = new ArrayList<>(args);
        if (!r.isEmpty() && r.get(0).toLowerCase(Locale.ROOT).equals(name)) {
            r.remove(0);
        }
        return r;
    }

    private static List<Statement> statements(String script) {
        List<Statement> out = new ArrayList<>();
        String[] lines = script.split("\r?\n", -1);
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln];
            int start = 0;
            char quote = 0;
            for (int i = 0; i < line.length() && start >= 0; i++) {
                char c = line.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '#') {
                    add(out, line.substring(start, i), ln, start);
                    start = -1;
                } else if (c == ';') {
                    add(out, line.substring(start, i), ln, start);
                    start = i + 1;
                }
            }
            if (start >= 0) {
                add(out, line.substring(start), ln, start);
            }
        }
        return out;
    }

    private static void add(List<Statement> out, String raw, int line, int start) {
        String t = raw.strip();
        if (!t.isEmpty()) {
            int lead = raw.indexOf(t.charAt(0));
            out.add(new Statement(t, line + 1, start + lead + 1));
        }
    }

    /** PowerShell-ish words: blanks separate, single and double quotes group and are removed. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    if (quote == '\'' && i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                        cur.append('\'');
                        i++;
                    } else {
                        quote = 0;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (c == ' ' || c == '\t') {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }
}
