package org.wsusctl.sim.shell;

import java.util.Map;
import java.util.Optional;

/**
 * Evaluates the one PowerShell statement wsusctl's launcher is made of (see {@code org.wsusctl.remote.PsLauncher}),
 * as Windows PowerShell would, and yields the script text it creates and runs:
 * <pre>
 * Invoke-Command -ScriptBlock ([ScriptBlock]::Create((ITEM, ITEM, ...) -join [Environment]::NewLine))
 * </pre>
 * where an ITEM is {@code $env:NAME} (unset: {@code $null}, which {@code -join} takes as an empty string),
 * a single-quoted string ({@code ''} is a quote), or a parenthesised {@code +} of single-quoted strings and
 * {@code [char]N}. Keywords, type names and operators are case-insensitive and blanks are free, as in
 * PowerShell; {@code [Environment]::NewLine} is CRLF on Windows. Anything else is not this launcher, and the
 * caller runs the text as an ordinary script (the simulator's small repertoire). The simulator does not parse the
 * created script as PowerShell: the batch runner reads its units.
 */
final class ScriptBlockLauncher {
    private static final String CRLF = "\r\n";
    private final String text;
    private final Map<String, String> environment;
    private int at;

    private ScriptBlockLauncher(String text, Map<String, String> environment) {
        this.text = text;
        this.environment = environment;
    }

    /**
     * @param command the -Command text (or the decoded -EncodedCommand)
     * @param environment the shell's environment variables (names case-insensitive, as on Windows)
     * @return the created script's text, or empty when the command is not this launcher
     */
    static Optional<String> scriptText(String command, Map<String, String> environment) {
        ScriptBlockLauncher p = new ScriptBlockLauncher(command, environment);
        try {
            return Optional.of(p.launcher());
        } catch (NotLauncher e) {
            return Optional.empty();
        }
    }

    /** Thrown inside the parser only; stack-less. */
    private static final class NotLauncher extends Exception {
        NotLauncher() {
            super(null, null, false, false);
        }
    }

    private String launcher() throws NotLauncher {
        blanks();
        word("Invoke-Command");
        blank1();
        word("-ScriptBlock");
        blanks();
        expect('(');
        blanks();
        word("[ScriptBlock]::Create");
        blanks();
        expect('(');
        blanks();
        expect('(');
        StringBuilder script = new StringBuilder();
        boolean first = true;
        do {
            blanks();
            if (!first) {
                script.append(CRLF);
            }
            first = false;
            script.append(item());
            blanks();
        } while (take(','));
        expect(')');
        blanks();
        word("-join");
        blanks();
        if (!takeWord("[Environment]::NewLine")) {
            word("[System.Environment]::NewLine");
        }
        blanks();
        expect(')');
        blanks();
        expect(')');
        blanks();
        take(';');
        blanks();
        if (at != text.length()) {
            throw new NotLauncher();
        }
        return script.toString();
    }

    private String item() throws NotLauncher {
        if (takeWord("$env:")) {
            int start = at;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            if (start == at) {
                throw new NotLauncher();
            }
            String name = text.substring(start, at);
            for (Map.Entry<String, String> e : environment.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return "";
        }
        if (take('(')) {
            StringBuilder sb = new StringBuilder();
            blanks();
            sb.append(quoted()); // the first term is a string, so '+' concatenates
            blanks();
            while (take('+')) {
                blanks();
                sb.append(at < text.length() && text.charAt(at) == '\'' ? quoted() : character());
                blanks();
            }
            expect(')');
            return sb.toString();
        }
        return quoted();
    }

    private String quoted() throws NotLauncher {
        expect('\'');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw new NotLauncher();
            }
            char c = text.charAt(at++);
            if (c == '\'') {
                if (at < text.length() && text.charAt(at) == '\'') {
                    sb.append('\'');
                    at++;
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
    }

    private String character() throws NotLauncher {
        word("[char]");
        blanks();
        int start = at;
        while (at < text.length() && Character.isDigit(text.charAt(at)) && at - start < 5) {
            at++;
        }
        if (start == at) {
            throw new NotLauncher();
        }
        int code = Integer.parseInt(text.substring(start, at));
        if (code > 0xFFFF) {
            throw new NotLauncher();
        }
        return String.valueOf((char) code);
    }

    private void word(String w) throws NotLauncher {
        if (!takeWord(w)) {
            throw new NotLauncher();
        }
    }

    private boolean takeWord(String w) {
        if (text.regionMatches(true, at, w, 0, w.length())) {
            at += w.length();
            return true;
        }
        return false;
    }

    private void expect(char c) throws NotLauncher {
        if (!take(c)) {
            throw new NotLauncher();
        }
    }

    private boolean take(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void blanks() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
    }

    private void blank1() throws NotLauncher {
        int before = at;
        blanks();
        if (at == before) {
            throw new NotLauncher();
        }
    }
}
