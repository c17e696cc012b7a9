package org.wsusctl.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.wsusctl.contract.Names;
import org.wsusctl.contract.Wire;

/**
 * Plans how a batch of units reaches one PowerShell process, and renders its script text and command lines.
 *
 * <p>Why this shape: winrm4j sends commands through cmd.exe ({@code WINRS_SKIP_CMD_SHELL=FALSE} is fixed in
 * 0.12.3, and it has no WinRM Send, so no stdin), whose command line is limited to 8191 characters. The code
 * travels as plain text, never compressed or encoded: gzip + base64 launchers are what endpoint detection looks
 * for, and PowerShell itself logs {@code MemoryStream} as suspicious (see {@link PsLauncher}). Plain text is
 * larger, so what is known when the shell is created is {@link #stage staged} in shell environment variables
 * (WinRM's {@code rsp:Environment} on Create: no extra request): the preamble in {@value #PREAMBLE_VAR}, the
 * first pass's units in {@value #ENV_PREFIX}1.., all read by one process, as far as the Create message has room
 * ({@link #MAX_CREATE_ENV_BYTES}; the rest follow as later passes do). Later passes send their units on the
 * command line, with the preamble from the environment ({@link #commandLine(List, boolean)}); {@link #pack}
 * splits what does not fit. Unit arguments travel as hex of their JSON: digits and a-f only, inert for cmd.exe
 * and PowerShell alike, decoded by the preamble.
 */
public final class PsInvocation {
    /** cmd.exe's 8191-character limit, less a margin for the executable name and quoting. */
    public static final int MAX_COMMAND_CHARS = 8000;
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final String PREAMBLE = loadPreamble();
    private static final Preamble PREAMBLE_PARTS = Preamble.parse(PREAMBLE);
    /** Windows allows 32767 characters per environment variable; a batch larger than this takes several. */
    public static final int MAX_ENV_CHARS = 30_000;
    /**
     * What the staged environment may take of the Create message, in bytes as sent ({@link #sentBytes}: XML-escaped,
     * counted at their worst), so that a long playbook's first pass never makes a Create too large to send. Two
     * limits apply, and the lower wins:
     * <ul>
     *   <li>WinRM refuses a request larger than {@code MaxEnvelopeSizekb}, 500 KB by default (Microsoft Learn,
     *       "Installation and configuration for Windows Remote Management", WinRM service settings);</li>
     *   <li>winrm4j 0.12.3 cannot seal (NTLM over HTTP) a message larger than 128 KiB: its
     *       {@code SignAndEncryptOutInterceptor} buffers the SOAP message in a CXF {@code CachedOutputStream},
     *       which moves what passes its default threshold of 128 * 1024 bytes (CXF 3.3
     *       {@code CachedOutputStream.setDefaultThreshold}) to a temporary file, and closing it deletes that file
     *       before the interceptor reads the message back: an empty body is sealed, RC4 returns null for it, and
     *       the Create fails with "Cannot encrypt WinRM message" (a NullPointerException in
     *       {@code NtlmEncryptionUtils.writeNtlmEncrypted}). About 200 distinct pools did that.</li>
     * </ul>
     * 8 KiB of the 128 are left for the rest of the Create: its SOAP headers and shell options take about 2 KB.
     * What does not fit is sent in later passes, on command lines ({@link #stage}).
     */
    public static final int MAX_CREATE_ENV_BYTES = Math.min(500 * 1024, 128 * 1024) - 8 * 1024;
    /** {@code <rsp:Variable Name="WSUSCTL_BATCH_NNNN">}...{@code </rsp:Variable>} around each variable's value. */
    static final int VARIABLE_OVERHEAD_BYTES = 80;
    /** The shell environment variable that holds the preamble, staged in every shell the engine opens. */
    public static final String PREAMBLE_VAR = "WSUSCTL_PREAMBLE";
    public static final String ENV_PREFIX = "WSUSCTL_BATCH_";
    private static final String CRLF = "\r\n";

    /**
     * A unit: one script call with the id its result line will carry. Untyped (read-only or mutating alike), so it
     * never leaves this package: callers hold typed {@link ScriptCall}s and the sessions that accept them.
     */
    record Unit(String id, ScriptCall<?> call) { }

    /**
     * Batches ready to send: one command line per batch, plus the shell environment variables they read their
     * script text from (to be set when the shell is created). Opaque outside this package but for the
     * environment.
     */
    public static final class Staged {
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

        /** True when the shell created with this environment holds the preamble, so later passes need not send it. */
        boolean preambleInEnvironment() {
            return environment.containsKey(PREAMBLE_VAR);
        }

        /** True when these batches run exactly {@code calls}, in order (a re-gather can then run them again). */
        boolean runs(List<? extends ScriptCall<?>> calls) {
            List<Unit> all = batches.stream().flatMap(List::stream).toList();
            if (all.size() != calls.size() || all.isEmpty()) {
                return false;
            }
            for (int i = 0; i < all.size(); i++) {
                ScriptCall<?> a = all.get(i).call();
                ScriptCall<?> b = calls.get(i);
                if (!a.script().id().equals(b.script().id()) || !a.args().equals(b.args())) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Plans the units known before the shell is opened: the preamble and as many units as the Create message has room
     * for ({@link #MAX_CREATE_ENV_BYTES}) go in shell environment variables, and their command line only names them.
     * With {@code batch}, one process runs all staged units (however many variables they fill); without, one
     * process per unit. Units past the room follow in the same plan, on command lines that read the preamble from
     * the environment ({@link #pack}, or one line per unit without {@code batch}): a later pass of the same
     * shell. The preamble is staged even with no units, for the passes that follow.
     */
    static Staged stage(List<Unit> units, boolean batch) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PREAMBLE_VAR, PREAMBLE);
        long room = MAX_CREATE_ENV_BYTES - VARIABLE_OVERHEAD_BYTES - sentBytes(PREAMBLE);
        if (room < 0) {
            throw new IllegalStateException("the preamble alone (" + sentBytes(PREAMBLE) + " bytes as sent) exceeds "
                    + "the Create message's room for the environment (" + MAX_CREATE_ENV_BYTES + ")");
        }
        List<List<Unit>> batches = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int staged = 0;
        if (!batch) {
            for (Unit u : units) {
                String text = unitText(u);
                long cost = VARIABLE_OVERHEAD_BYTES + sentBytes(text);
                if (cost > room) {
                    break;
                }
                room -= cost;
                String name = addEnv(env, text);
                batches.add(List.of(u));
                lines.add(PsLauncher.commandLine(List.of(new PsLauncher.Part.Env(PREAMBLE_VAR),
                        new PsLauncher.Part.Env(name))));
                staged++;
            }
            for (Unit u : units.subList(staged, units.size())) {
                List<Unit> alone = pack(List.of(u), true).get(0); // pack refuses a unit no command line can hold
                batches.add(alone);
                lines.add(commandLine(alone, true));
            }
            return new Staged(batches, lines, env);
        }
        List<PsLauncher.Part> parts = new ArrayList<>(List.of(new PsLauncher.Part.Env(PREAMBLE_VAR)));
        StringBuilder chunk = new StringBuilder();
        for (Unit u : units) {
            String text = unitText(u);
            boolean newVariable = chunk.length() == 0 || chunk.length() + CRLF.length() + text.length() > MAX_ENV_CHARS;
            long cost = (newVariable ? VARIABLE_OVERHEAD_BYTES : sentBytes(CRLF)) + sentBytes(text);
            if (cost > room) {
                break;
            }
            room -= cost;
            if (newVariable && chunk.length() > 0) {
                parts.add(new PsLauncher.Part.Env(addEnv(env, chunk.toString())));
                chunk.setLength(0);
            }
            if (chunk.length() > 0) {
                chunk.append(CRLF);
            }
            chunk.append(text);
            staged++;
        }
        if (staged > 0) {
            parts.add(new PsLauncher.Part.Env(addEnv(env, chunk.toString())));
            batches.add(List.copyOf(units.subList(0, staged)));
            lines.add(PsLauncher.commandLine(parts));
        }
        for (List<Unit> later : pack(units.subList(staged, units.size()), true)) {
            batches.add(later);
            lines.add(commandLine(later, true));
        }
        return new Staged(batches, lines, env);
    }

    /**
     * The most bytes {@code text} can take in a SOAP message: UTF-8, with every character an XML writer may escape
     * counted as its escape ({@code &amp;}, {@code &lt;}, {@code &gt;}, {@code &quot;}, {@code &apos;}, and
     * {@code &#xd;} for the CR of each CRLF, which writers escape so that it survives parsing). An upper bound:
     * the Create must fit whatever the serialiser chooses.
     */
    static long sentBytes(CharSequence text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            n += switch (c) {
                case '&', '\r' -> 5;
                case '<', '>' -> 4;
                case '"', '\'' -> 6;
                default -> c < 0x80 ? 1 : 10; // a numeric character reference at most (&#x10FFFF;)
            };
        }
        return n;
    }

    /** Adds the next {@value #ENV_PREFIX}N variable; returns its name. */
    private static String addEnv(Map<String, String> env, String text) {
        if (text.length() > MAX_ENV_CHARS) {
            throw new IllegalStateException("a unit of " + text.length() + " characters does not fit in one shell "
                    + "environment variable (" + MAX_ENV_CHARS + ")");
        }
        String name = ENV_PREFIX + env.size();
        env.put(name, SharedTexts.share(text));
        return name;
    }

    /**
     * One instance of each recent environment text for every host that stages it. Each host's session keeps what it
     * staged for as long as the run keeps the host (a re-gather runs it again from the shell's environment), and the
     * hosts of a fleet stage the same ~20 KB of units: at 10,000 hosts, 200 MB of identical strings. Bounded: the
     * texts of the last {@value #SHARED_TEXTS} distinct stagings.
     */
    private static final class SharedTexts {
        private static final Map<String, String> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > SHARED_TEXTS;
            }
        };

        static synchronized String share(String text) {
            String known = RECENT.putIfAbsent(text, text);
            return known == null ? text : known;
        }
    }

    /** How many distinct environment texts {@link SharedTexts} keeps: a few per playbook, a few playbooks a run. */
    private static final int SHARED_TEXTS = 32;

    /** Compiled once: checked for every unit of every host's batch. */
    private static final Pattern UNIT_ID = Wire.UNIT_ID;

    private PsInvocation() { }

    /** The batch script text a staged shell runs: the whole preamble, then each unit, CRLF line ends. */
    static String batchText(List<Unit> units) {
        return units.isEmpty() ? PREAMBLE : PREAMBLE + CRLF + unitsText(units);
    }

    /**
     * The self-contained batch script text: the preamble's header and only the functions these units call, then
     * each unit. What a command line without a staged shell carries, where cmd.exe's limit makes every line count.
     */
    static String selfContainedText(List<Unit> units) {
        String code = unitsText(units);
        return PREAMBLE_PARTS.forCode(code) + CRLF + code;
    }

    private static String unitsText(List<Unit> units) {
        StringBuilder sb = new StringBuilder();
        for (Unit u : units) {
            if (sb.length() > 0) {
                sb.append(CRLF);
            }
            sb.append(unitText(u));
        }
        return sb.toString();
    }

    /**
     * One unit: {@code Invoke-WsusctlUnit -Unit 'id' -ArgsHex 'hex' -Body {...}}. The only values spliced into the
     * text are the unit id (checked against {@link Wire#UNIT_ID}) and hex digits.
     */
    private static String unitText(Unit u) {
        if (!UNIT_ID.matcher(u.id()).matches()) {
            throw new IllegalArgumentException("bad unit id " + u.id());
        }
        String body = u.call().script().wireText().strip().replace("\n", CRLF);
        return "Invoke-WsusctlUnit -Unit '" + u.id() + "' -ArgsHex '" + argsHex(u.call()) + "' -Body {" + CRLF
                + body + CRLF + "}";
    }

    /** What one script call runs as on a host: the whole batch text of a batch of one ({@code wsusctl script}). */
    public static String scriptText(ScriptCall<?> call) {
        return selfContainedText(List.of(new Unit("u1", call)));
    }

    /** The batch text of several calls in one process, as units {@code u1..uN}. */
    public static String scriptText(List<ScriptCall<?>> calls) {
        return selfContainedText(numbered(calls));
    }

    /** The self-contained command line that runs one script call on its own ({@code wsusctl script --command-line}). */
    public static String commandLineOf(ScriptCall<?> call) {
        return commandLine(List.of(new Unit("u1", call)));
    }

    /**
     * The self-contained command line that runs several calls in one process, as units {@code u1..uN} (tests and
     * tools that drive a shell themselves read the results with {@link UnitResults#parseAll}).
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

    /** The self-contained command line for one batch: preamble and units on the line. */
    static String commandLine(List<Unit> units) {
        return commandLine(units, false);
    }

    /**
     * The command line for one batch sent after the shell was created.
     *
     * @param preambleInEnv the shell holds the preamble in {@value #PREAMBLE_VAR} (see {@link #stage})
     */
    static String commandLine(List<Unit> units, boolean preambleInEnv) {
        if (preambleInEnv) {
            return PsLauncher.commandLine(List.of(new PsLauncher.Part.Env(PREAMBLE_VAR),
                    new PsLauncher.Part.Code(unitsText(units))));
        }
        return PsLauncher.commandLine(List.of(new PsLauncher.Part.Code(selfContainedText(units))));
    }

    /**
     * Splits units into as few command lines as fit {@link #MAX_COMMAND_CHARS}, keeping their order: each batch
     * takes units while the next still fits. Each unit's text is rendered and measured once ({@link LineMeter});
     * re-rendering the growing batch for every unit made packing quadratic in the batch.
     *
     * @throws IllegalStateException if a single unit does not fit on its own
     */
    static List<List<Unit>> pack(List<Unit> units, boolean preambleInEnv) {
        List<List<Unit>> batches = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        LineMeter meter = new LineMeter(preambleInEnv);
        for (Unit u : units) {
            LineMeter.Piece piece = meter.measure(u);
            if (!current.isEmpty() && meter.lengthWith(piece) > MAX_COMMAND_CHARS) {
                batches.add(current);
                current = new ArrayList<>();
                meter = new LineMeter(preambleInEnv);
            }
            int length = meter.add(piece);
            if (current.isEmpty() && length > MAX_COMMAND_CHARS) {
                throw new IllegalStateException("script " + u.call().script().id() + " needs a command line of "
                        + length + " characters even alone (limit " + MAX_COMMAND_CHARS + ")");
            }
            current.add(u);
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }

    /**
     * The length of {@link #commandLine(List, boolean)} for a batch growing unit by unit, without rendering the batch.
     * Why it adds up: {@link PsLauncher} renders each line of the script text on its own and joins them with one
     * comma, so a line's cost does not depend on its neighbours; the self-contained text is the preamble's header,
     * the functions the units need (the union of each unit's needs) and the units, each on lines of its own.
     */
    static final class LineMeter {
        /** {@code powershell.exe ... (} and {@code ) -join ...}: what a command line has around its parts. */
        private static final int FRAME = PsLauncher.commandLine(List.of()).length() - "''".length();
        private static final int PREAMBLE_ENV_COST = cost(new PsLauncher.Part.Env(PREAMBLE_VAR));
        private static final int HEADER_COST = cost(new PsLauncher.Part.Code(PREAMBLE_PARTS.header()));
        private static final Map<String, Integer> FUNCTION_COSTS = functionCosts();

        /** One unit as measured: its cost on the line and the preamble functions it needs (none from the environment). */
        record Piece(int cost, java.util.Set<String> needs) { }

        private final boolean preambleInEnv;
        private final java.util.Set<String> needed = new java.util.HashSet<>();
        /** The batch's length so far, less the comma before the first line (added back as lines come). */
        private int length;

        LineMeter(boolean preambleInEnv) {
            this.preambleInEnv = preambleInEnv;
            this.length = FRAME - 1 + (preambleInEnv ? PREAMBLE_ENV_COST : HEADER_COST);
        }

        Piece measure(Unit u) {
            String text = unitText(u);
            return new Piece(cost(new PsLauncher.Part.Code(text)),
                    preambleInEnv ? java.util.Set.of() : PREAMBLE_PARTS.needs(text));
        }

        /** The batch's command-line length with {@code piece} added. */
        int lengthWith(Piece piece) {
            int with = length + piece.cost();
            for (String f : piece.needs()) {
                if (!needed.contains(f)) {
                    with += FUNCTION_COSTS.get(f);
                }
            }
            return with;
        }

        /** Adds the piece; returns the batch's command-line length now. */
        int add(Piece piece) {
            length = lengthWith(piece);
            needed.addAll(piece.needs());
            return length;
        }

        /** A part's characters on the command line, with the comma that joins it to the one before. */
        private static int cost(PsLauncher.Part part) {
            return PsLauncher.commandLine(List.of(part)).length() - FRAME + 1;
        }

        private static Map<String, Integer> functionCosts() {
            Map<String, Integer> costs = new java.util.HashMap<>();
            for (String f : PREAMBLE_PARTS.functionNames()) {
                costs.put(f, cost(new PsLauncher.Part.Code(PREAMBLE_PARTS.function(f))));
            }
            return costs;
        }
    }

    /** The call's arguments as hex of their ASCII JSON (non-ASCII escaped as backslash-u by the serialiser). */
    static String argsHex(ScriptCall<?> call) {
        try {
            return HexFormat.of().formatHex(JSON.writeValueAsBytes(call.args()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("arguments of " + call.script().id() + " are not JSON-serialisable", e);
        }
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
            return sb.toString().replace("\r\n", "\n").strip().replace("\n", CRLF);
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
