package org.wsusctl.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.wsusctl.contract.Names;
import org.wsusctl.contract.Wire;

/**
 * Builds the command line that runs a batch of units in one PowerShell process.
 *
 * <p>Why this shape: winrm4j sends commands through cmd.exe ({@code WINRS_SKIP_CMD_SHELL=FALSE} is fixed
 * in 0.12.3), whose command line is limited to 8191 characters. {@code -EncodedCommand} costs 2.67
 * characters per script byte (UTF-16LE, then base64), so a full health batch (~25 KB of PowerShell) would
 * need ~70 KB. Instead the batch is gzip-compressed and base64-encoded as plain ASCII inside a short
 * bootstrap given to {@code -Command}: about 0.4 characters per script byte. Base64's alphabet has no
 * character that cmd.exe or a PowerShell single-quoted string interprets. A full health audit (~20 KB of
 * PowerShell) is still ~9 KB that way, so checks known before the shell opens are {@link #stage staged} in
 * shell environment variables instead (one process, no extra request); later checks and fixes, sent one
 * at a time, fit inline, and {@link #pack} splits anything larger into several processes.
 */
public final class PsInvocation {
    /** cmd.exe's 8191-character limit, less a margin for the executable name and quoting. */
    public static final int MAX_COMMAND_CHARS = 8000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREAMBLE = loadPreamble();
    /**
     * Larger batches travel in shell environment variables, set once when the shell is created (WinRM's
     * {@code rsp:Environment}); Windows allows 32767 characters per variable.
     */
    public static final int MAX_ENV_CHARS = 30_000;
    public static final String ENV_PREFIX = "WSUSCTL_BATCH_";
    private static final String BOOTSTRAP_HEAD = "powershell.exe -NoProfile -NonInteractive -Command \"$z=";
    private static final String BOOTSTRAP_TAIL = ";$m=New-Object IO.MemoryStream(,[Convert]::FromBase64String($z));"
            + "$g=New-Object IO.Compression.GZipStream($m,[IO.Compression.CompressionMode]::Decompress);"
            + "$s=(New-Object IO.StreamReader($g,[Text.Encoding]::UTF8)).ReadToEnd();"
            + "Invoke-Command -ScriptBlock ([ScriptBlock]::Create($s))\"";

    /**
     * A unit: one script call with the id its result line will carry. Untyped (read-only or mutating alike), so it
     * never leaves this package: callers hold typed {@link ScriptCall}s and the sessions that accept them.
     */
    record Unit(String id, ScriptCall<?> call) { }

    /**
     * Batches ready to send: one command line per batch, plus the shell environment variables some of them
     * read their payload from (to be set when the shell is created). Opaque outside this package but for the
     * environment.
     */
    public static final class Staged {
        static final Staged EMPTY = new Staged(List.of(), List.of(), Map.of());
        private final List<List<Unit>> batches;
        private final List<String> commandLines;
        private final Map<String, String> environment;

        Staged(List<List<Unit>> batches, List<String> commandLines, Map<String, String> environment) {
            this.batches = batches;
            this.commandLines = commandLines;
            this.environment = environment;
        }

        List<List<Unit>> batches() {
            return batches;
        }

        List<String> commandLines() {
            return commandLines;
        }

        /** The shell environment variables to set when the shell is created (WinRM's rsp:Environment). */
        public Map<String, String> environment() {
            return environment;
        }
    }

    /**
     * Plans how to send units known before the shell is opened: inline when they fit one command line,
     * otherwise in shell environment variables so that the whole set still costs one PowerShell process
     * per {@link #MAX_ENV_CHARS} of payload. With {@code batch == false}, one process per unit, inline.
     */
    static Staged stage(List<Unit> units, boolean batch) {
        if (units.isEmpty()) {
            return Staged.EMPTY;
        }
        if (!batch) {
            List<List<Unit>> each = units.stream().map(List::of).toList();
            return new Staged(each, each.stream().map(PsInvocation::commandLine).toList(), Map.of());
        }
        String inline = commandLine(units);
        if (inline.length() <= MAX_COMMAND_CHARS) {
            return new Staged(List.of(units), List.of(inline), Map.of());
        }
        List<List<Unit>> batches = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Map<String, String> env = new java.util.LinkedHashMap<>();
        List<Unit> current = new ArrayList<>();
        for (Unit u : units) {
            current.add(u);
            if (payload(current).length() > MAX_ENV_CHARS && current.size() > 1) {
                current.remove(current.size() - 1);
                addEnvBatch(current, batches, lines, env);
                current = new ArrayList<>(List.of(u));
            }
        }
        addEnvBatch(current, batches, lines, env);
        return new Staged(batches, lines, env);
    }

    private static void addEnvBatch(List<Unit> units, List<List<Unit>> batches, List<String> lines,
            Map<String, String> env) {
        String name = ENV_PREFIX + (env.size() + 1);
        env.put(name, payload(units));
        batches.add(List.copyOf(units));
        lines.add(BOOTSTRAP_HEAD + "$env:" + name + BOOTSTRAP_TAIL);
    }

    private static String payload(List<Unit> units) {
        String text = batchText(units);
        String cached = RECENT.get(text);
        if (cached != null) {
            return cached;
        }
        String b64 = Base64.getEncoder().encodeToString(gzip(text.getBytes(StandardCharsets.UTF_8)));
        RECENT.put(text, b64);
        return b64;
    }

    /**
     * Payloads recently built, by batch text. Every host of a run sends the same batches (same scripts, usually
     * the same arguments), and {@link #stage} and {@link #pack} compress each growing prefix, so without this
     * gzip was the largest CPU cost of a host besides the transport ({@code make bench}: ~4 ms a host at 1000
     * hosts). Bounded and in memory only; a batch holds check arguments, never credentials.
     */
    private static final int RECENT_MAX = 64;
    private static final Map<String, String> RECENT = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<String, String>(RECENT_MAX * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > RECENT_MAX;
                }
            });

    /** Compiled once: checked for every unit of every host's batch. */
    private static final Pattern UNIT_ID = Wire.UNIT_ID;

    private PsInvocation() { }

    /** The batch script text (what PowerShell runs after decompressing). */
    static String batchText(List<Unit> units) {
        StringBuilder sb = new StringBuilder(PREAMBLE.length() + 4096);
        sb.append(PREAMBLE);
        for (Unit u : units) {
            if (!UNIT_ID.matcher(u.id()).matches()) {
                throw new IllegalArgumentException("bad unit id " + u.id());
            }
            sb.append("\r\nInvoke-WsusctlUnit -Unit '").append(u.id())
                    .append("' -ArgsB64 '").append(argsBase64(u.call()))
                    .append("' -Body {\r\n")
                    .append(u.call().script().wireText().replace("\n", "\r\n"))
                    .append("\r\n}\r\n");
        }
        return sb.toString();
    }

    /** What one script call runs as on a host: the whole batch text of a batch of one ({@code wsusctl script}). */
    public static String scriptText(ScriptCall<?> call) {
        return batchText(List.of(new Unit("u1", call)));
    }

    /** The batch text of several calls in one process, as units {@code u1..uN}. */
    public static String scriptText(List<ScriptCall<?>> calls) {
        return batchText(numbered(calls));
    }

    /** The command line that runs one script call on its own ({@code wsusctl script --command-line}). */
    public static String commandLineOf(ScriptCall<?> call) {
        return commandLine(List.of(new Unit("u1", call)));
    }

    /**
     * The command line that runs several calls in one process, as units {@code u1..uN} (what a session sends for
     * a pass; tests and tools that drive a shell themselves read the results with {@link UnitResults#parseAll}).
     */
    public static String commandLineOf(List<ScriptCall<?>> calls) {
        return commandLine(numbered(calls));
    }

    static List<Unit> numbered(List<ScriptCall<?>> calls) {
        List<Unit> units = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            units.add(new Unit("u" + (i + 1), calls.get(i)));
        }
        return units;
    }

    /** The full command line for one batch, payload inline. */
    static String commandLine(List<Unit> units) {
        return BOOTSTRAP_HEAD + "'" + payload(units) + "'" + BOOTSTRAP_TAIL;
    }

    /**
     * Splits units into as few command lines as fit {@link #MAX_COMMAND_CHARS}, keeping their order.
     *
     * @throws IllegalStateException if a single unit does not fit on its own
     */
    static List<List<Unit>> pack(List<Unit> units) {
        List<List<Unit>> batches = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        for (Unit u : units) {
            current.add(u);
            if (commandLine(current).length() > MAX_COMMAND_CHARS) {
                current.remove(current.size() - 1);
                if (current.isEmpty()) {
                    throw new IllegalStateException("script " + u.call().script().id()
                            + " does not fit in one command line even alone");
                }
                batches.add(current);
                current = new ArrayList<>(List.of(u));
                if (commandLine(current).length() > MAX_COMMAND_CHARS) {
                    throw new IllegalStateException("script " + u.call().script().id()
                            + " does not fit in one command line even alone");
                }
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    static String argsBase64(ScriptCall<?> call) {
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(call.args()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments of " + call.script().id() + " are not JSON-serialisable", e);
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(data.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /**
     * The batch's first lines: the magic, then the wire contract's constants as PowerShell variables, so the
     * preamble frames and checks exactly as {@link Wire} and {@link Names} say (one home for each), then the
     * preamble's functions.
     */
    private static String loadPreamble() {
        try (InputStream in = PsInvocation.class.getClassLoader()
                .getResourceAsStream(PsScript.RESOURCE_DIR + "_preamble.ps1")) {
            if (in == null) {
                throw new IllegalStateException("_preamble.ps1 not shipped");
            }
            String functions = PsScript.withoutComments(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(Wire.BATCH_MAGIC).append('\n');
            constant(sb, "WsusctlPrefix", Wire.RESULT_PREFIX);
            constant(sb, "WsusctlFactsSchema", Wire.FACTS_SCHEMA);
            constant(sb, "WsusctlFixSchema", Wire.FIX_SCHEMA);
            constant(sb, "WsusctlErrorSchema", Wire.ERROR_SCHEMA);
            constant(sb, "WsusctlSafeName", "^(?:" + Names.SAFE_NAME.pattern() + ")\\z");
            constant(sb, "WsusctlAccount", "^(?:" + Names.ACCOUNT.pattern() + ")\\z");
            sb.append(functions);
            return sb.toString().replace("\r\n", "\n").replace("\n", "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code $script:NAME = 'value'}: single-quoted, so nothing in the value is interpreted. */
    private static void constant(StringBuilder sb, String name, String value) {
        if (value.indexOf('\'') >= 0) {
            throw new IllegalStateException(name + " must not contain a single quote");
        }
        sb.append("$script:").append(name).append(" = '").append(value).append("'\n");
    }
}
