package org.wsusctl.sim.shell;

import java.util.ArrayList;
import java.util.List;

/** Splits command lines the way cmd.exe and the Microsoft C runtime do, to the extent the simulator needs. */
final class WindowsCommandLine {

    /** One cmd.exe command of a line, with the operator that joined it to the previous one. */
    record Segment(String text, boolean onlyIfPreviousSucceeded) { }

    private WindowsCommandLine() { }

    /**
     * Splits a cmd.exe line at {@code &} and {@code &&} outside double quotes. Text is kept raw
     * (cmd's {@code echo} prints it with quotes and trailing blanks).
     */
    static List<Segment> cmdSegments(String line) {
        List<Segment> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean conditional = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '&' && !quoted) {
                out.add(new Segment(cur.toString(), conditional));
                cur.setLength(0);
                conditional = i + 1 < line.length() && line.charAt(i + 1) == '&';
                if (conditional) {
                    i++;
                }
                continue;
            }
            cur.append(c);
        }
        out.add(new Segment(cur.toString(), conditional));
        return out;
    }

    /**
     * Splits into arguments as {@code CommandLineToArgvW} does: blanks separate, double quotes group and
     * are removed, {@code \"} is a literal quote.
     */
    static List<String> arguments(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                int n = 0;
                while (i < line.length() && line.charAt(i) == '\\') {
                    n++;
                    i++;
                }
                if (i < line.length() && line.charAt(i) == '"') {
                    cur.append("\\".repeat(n / 2));
                    if (n % 2 == 1) {
                        cur.append('"');
                    } else {
                        quoted = !quoted;
                    }
                } else {
                    cur.append("\\".repeat(n));
                    i--;
                }
                any = true;
            } else if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if ((c == ' ' || c == '\t') && !quoted) {
                if (any) {
                    args.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            args.add(cur.toString());
        }
        return args;
    }

    /** The first word of a command (its program), without surrounding quotes. */
    static String program(String segment) {
        List<String> args = arguments(segment.strip());
        return args.isEmpty() ? "" : args.get(0);
    }

    /** True for {@code powershell}, {@code powershell.exe} and full paths to them, in any case. */
    static boolean isPowerShell(String program) {
        String p = program.toLowerCase(java.util.Locale.ROOT).replace('/', '\\');
        int slash = p.lastIndexOf('\\');
        String name = slash >= 0 ? p.substring(slash + 1) : p;
        return name.equals("powershell") || name.equals("powershell.exe");
    }
}
