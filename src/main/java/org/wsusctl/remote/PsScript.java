package org.wsusctl.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wsusctl.contract.Wire;
import org.wsusctl.remote.ScriptKind.Mutating;
import org.wsusctl.remote.ScriptKind.ReadOnly;

/**
 * A shipped PowerShell script, loaded from {@code org/wsusctl/scripts/<id>.ps1}. Its first line is the
 * header {@code # wsusctl-script: <id> read-only|mutating}; the loader refuses a script whose header does
 * not match the kind asked for, so a fix can never be loaded as a check.
 *
 * @param <K> {@link ReadOnly} or {@link Mutating}
 */
public final class PsScript<K extends ScriptKind> {
    public static final String RESOURCE_DIR = "org/wsusctl/scripts/";
    private static final Pattern HEADER = Wire.SCRIPT_HEADER;
    private static final Pattern ID = Pattern.compile("[a-z0-9._-]+");

    private final String id;
    private final String body;
    private final String wireText;

    private PsScript(String id, String body) {
        this.id = id;
        this.body = body;
        this.wireText = compact(body);
    }

    /** Loads a read-only check script. */
    public static PsScript<ReadOnly> check(String id) {
        return new PsScript<>(id, load(id, "read-only"));
    }

    /** Loads a mutating fix or action script. */
    public static PsScript<Mutating> fix(String id) {
        return new PsScript<>(id, load(id, "mutating"));
    }

    public String id() {
        return id;
    }

    /** The script text, header first, as shipped (with its help comments). */
    public String body() {
        return body;
    }

    /**
     * What is sent to the host: the header line, then the code without comment lines and indentation.
     * Comments are most of a script's bytes and compress worst; dropping them keeps a whole health audit
     * in one command line. Here-strings (e.g. T-SQL) travel untouched.
     */
    public String wireText() {
        return wireText;
    }

    static String compact(String text) {
        int eol = text.indexOf('\n');
        String header = (eol < 0 ? text : text.substring(0, eol)).replace("\r", "");
        return header + "\n" + withoutComments(eol < 0 ? "" : text.substring(eol + 1));
    }

    /**
     * PowerShell code without comment lines, blank lines and indentation; here-strings (e.g. T-SQL) travel
     * untouched. What is sent is the code; the comments are for the people who read the shipped file.
     */
    static String withoutComments(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean inHereString = false;
        for (String line : text.split("\r?\n")) {
            if (inHereString) {
                sb.append(line).append("\n");
                inHereString = !(line.startsWith("'@") || line.startsWith("\"@"));
                continue;
            }
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            sb.append(t).append("\n");
            inHereString = t.endsWith("@'") || t.endsWith("@\"");
        }
        return sb.toString();
    }

    private static String load(String id, String kind) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("bad script id: " + id);
        }
        String resource = RESOURCE_DIR + id + ".ps1";
        try (InputStream in = PsScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("script not shipped: " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            Matcher m = HEADER.matcher(text);
            if (!m.find() || m.start() != 0 || !m.group(1).equals(id) || !m.group(2).equals(kind)) {
                throw new IllegalStateException(resource + " must start with '# wsusctl-script: " + id + " " + kind + "'");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
