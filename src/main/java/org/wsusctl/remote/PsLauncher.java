package org.wsusctl.remote;

import java.util.List;

/**
 * Renders the {@code powershell.exe} command line that assembles a batch's script text and runs it: the text
 * is the newline-joined list of shell environment variables and plain, single-quoted code lines, given to
 * {@code [ScriptBlock]::Create} (which parses all of it before anything runs) and run by {@code Invoke-Command}:
 * <pre>
 * powershell.exe -NoProfile -NonInteractive -Command "Invoke-Command -ScriptBlock ([ScriptBlock]::Create(
 *     ($env:WSUSCTL_PREAMBLE,'Invoke-WsusctlUnit -Unit ''u3'' -ArgsHex ''7b7d'' -Body {','...','}')
 *     -join [Environment]::NewLine))"
 * </pre>
 * (one line on the wire). Nothing is compressed or encoded: whoever reads the command line, or the script block
 * PowerShell logs, reads the code. Nor does it use anything PowerShell logs as suspicious (its list is in
 * {@code CompiledScriptBlock.cs}; {@code SuspiciousContentTest} scans every text wsusctl sends against it).
 *
 * <p>Quoting, layer by layer. cmd.exe (winrm4j always runs commands through it) sees one double-quoted region,
 * in which it interprets only {@code %NAME%} (and {@code !NAME!} under delayed expansion) and ends the region at
 * the next {@code "}; the program's argument parser (CommandLineToArgvW rules) removes the two quotes and keeps
 * everything between them, backslashes included (none precedes a quote). So a code line may not carry
 * {@code "}, {@code %} or {@code !} as such: those characters, rare in the shipped scripts, become
 * {@code [char]34}, {@code [char]37} and {@code [char]33} joined to the line's other parts with {@code +}. In a
 * PowerShell single-quoted string only the single quote is special (doubled here); PowerShell also takes the
 * typographic single quotes as quotes, so code must be ASCII, which is checked.
 */
final class PsLauncher {
    static final String HEAD = "powershell.exe -NoProfile -NonInteractive -Command \"";
    private static final String RUN_HEAD = "Invoke-Command -ScriptBlock ([ScriptBlock]::Create((";
    private static final String RUN_TAIL = ") -join [Environment]::NewLine))\"";
    private static final String CRLF = "\r\n";

    /** A piece of the script text, in order; the pieces are joined with CRLF. */
    sealed interface Part {
        /** A shell environment variable ({@code rsp:Environment}) holding script text. */
        record Env(String name) implements Part {
            public Env {
                if (!name.matches("[A-Z][A-Z0-9_]*")) {
                    throw new IllegalArgumentException("bad environment variable name " + name);
                }
            }
        }

        /** Script text sent on the command line itself (CRLF line ends). */
        record Code(String text) implements Part { }
    }

    private PsLauncher() { }

    static String commandLine(List<? extends Part> parts) {
        StringBuilder sb = new StringBuilder(HEAD.length() + RUN_HEAD.length() + RUN_TAIL.length() + 64);
        sb.append(HEAD).append(RUN_HEAD);
        boolean first = true;
        for (Part p : parts) {
            if (p instanceof Part.Env e) {
                first = comma(sb, first);
                sb.append("$env:").append(e.name());
            } else if (p instanceof Part.Code c) {
                for (String line : c.text().split(CRLF, -1)) {
                    first = comma(sb, first);
                    line(sb, line);
                }
            }
        }
        if (first) {
            sb.append("''");
        }
        return sb.append(RUN_TAIL).toString();
    }

    /** The characters cmd.exe interprets inside a double-quoted region, and their PowerShell spelling. */
    private static String special(char c) {
        switch (c) {
            case '"':
                return "[char]34";
            case '%':
                return "[char]37";
            case '!':
                return "[char]33";
            default:
                return null;
        }
    }

    /** One code line as a PowerShell expression: {@code 'text'}, or {@code ('text'+[char]34+'more')}. */
    private static void line(StringBuilder sb, String line) {
        boolean composite = false;
        for (int i = 0; i < line.length() && !composite; i++) {
            composite = special(line.charAt(i)) != null;
        }
        if (composite) {
            sb.append('(');
        }
        sb.append('\'');
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            String s = special(c);
            if (s != null) {
                sb.append("'+").append(s).append("+'");
            } else if (c == '\'') {
                sb.append("''");
            } else if (c == '\t' || (c >= 0x20 && c < 0x7F)) {
                sb.append(c);
            } else {
                throw new IllegalArgumentException(String.format(
                        "script text has character U+%04X: only ASCII (and CRLF line ends) can travel on a command line",
                        (int) c));
            }
        }
        sb.append('\'');
        if (composite) {
            sb.append(')');
        }
    }

    private static boolean comma(StringBuilder sb, boolean first) {
        if (!first) {
            sb.append(',');
        }
        return false;
    }
}
